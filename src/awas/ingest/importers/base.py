"""The importer interface: read one file, yield posts and rejections in order.

How to write an importer: subclass `Importer`, set `format` and `platform_hint`, and implement
`items(path, start)`, which yields `Item`s (a `Post` or a `Rejection` naming line/record and
reason) for records number `start` onward, each wrapped in `Positioned` with the record number it
came from. The runner batches them, runs the intake steps, stores them, and checkpoints the position
in the same transaction, so a crashed import resumes where its last batch committed. Raise
`InputError` only for a file that cannot be read at all (it is quarantined as a whole).
"""

from __future__ import annotations

import abc
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from awas.domain.posts import Post
from awas.evidence.hashing import hex_of, sha256_file
from awas.ingest.attachments import AttachmentRefused, AttachmentStore
from awas.ingest.frame import empty_frame, posts_to_frame
from awas.ingest.records import Item, Rejection

BATCH_SIZE = 5000


@dataclass(frozen=True, slots=True)
class Positioned:
    """An item and the record number after it (what to resume from once it is committed)."""

    item: Item
    next_position: int


@dataclass
class Chunk:
    """A batch of accepted posts (as a frame) and rejections, ending at `position` / `offset`."""

    frame: pl.DataFrame
    rejections: list[Rejection] = field(default_factory=list)
    position: int = 0
    offset: int = 0
    start: int = 0  # where the chunk began (byte offset or record number): its key among the run's chunks
    records: int = -1  # posts read before skipping stored ones; -1: the frame's height

    @property
    def read(self) -> int:
        return self.frame.height if self.records < 0 else self.records


class Importer(abc.ABC):
    format: str = ""
    description: str = ""

    def __init__(self, attachments: AttachmentStore | None = None) -> None:
        self.attachments = attachments

    @abc.abstractmethod
    def items(self, path: Path, start: int) -> Iterator[Positioned]:
        """Yield the file's records from record number `start` (0-based) onward."""

    def chunks(self, path: Path, start: int, offset: int = 0) -> Iterator[Chunk]:
        """Batches for the runner; `offset` is for byte-addressable formats (JSONL)."""
        posts: list[Post] = []
        rejections: list[Rejection] = []
        position = begin = start
        for positioned in self.items(path, start):
            position = positioned.next_position
            if isinstance(positioned.item, Rejection):
                rejections.append(positioned.item)
            else:
                posts.append(positioned.item)
            if len(posts) + len(rejections) >= BATCH_SIZE:
                yield Chunk(posts_to_frame(posts), rejections, position, start=begin)
                posts, rejections, begin = [], [], position
        yield Chunk(posts_to_frame(posts) if posts else empty_frame(), rejections, position, start=begin)


def excerpt(text: str | bytes, limit: int = 300) -> str:
    if isinstance(text, bytes):
        text = text[:limit].decode("utf-8", errors="replace")
    return text[:limit]


def store_attachment(importer: Importer, folder: Path, name: str) -> dict[str, str]:
    """A media entry for a file shipped with an export: stored content-addressed when a store is
    given, hashed in place otherwise; a missing, escaping or refused file is recorded, not fatal."""
    path = folder / name
    entry = {"url": f"file:{path.name}", "type": media_type(path.name), "name": path.name}
    if not path.resolve().is_relative_to(folder.resolve()):
        return entry | {"refused": "jalur lampiran keluar dari folder ekspor"}
    if not path.is_file():
        return entry | {"missing": "berkas lampiran tidak ada dalam ekspor"}
    try:
        if importer.attachments is not None:
            stored = importer.attachments.put_file(path, guess_type(path.name))
            return entry | {"sha256": stored.sha256, "url": f"attachment:{stored.sha256}"}
        return entry | {"sha256": hex_of(sha256_file(path)[0])}
    except AttachmentRefused as exc:
        return entry | {"refused": str(exc)}


def guess_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def media_type(name: str) -> str:
    kind = guess_type(name).split("/")[0]
    return kind if kind in ("image", "video", "audio") else "document"
