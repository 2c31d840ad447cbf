"""One parsing and validation core for the canonical posts JSONL (specs/posts-jsonl.md).

Three commands read the format, each with its own contract on bad lines:

- `awas ingest import --format jsonl` quarantines a bad line with its reason and goes on
  (`importers.jsonl_importer`);
- `awas detect classify --in` and `awas coord detect --in` refuse a file that has any bad line,
  naming file, line and field, before producing anything (`read_strict`, `strict_frames`).

All of them parse with the same code: the JSONL importer's blocks (one Polars pass per block,
validated with column expressions; a block Polars refuses is re-read line by line with
`canonical.post_from_dict`). So a line that one command accepts every command accepts, and a bad
line gets the same reason everywhere. Posts come out in `awas.ingest.frame.POST_SCHEMA` (times in
UTC, `raw` the line as written), or as `Post` records through `frame_to_posts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from awas.errors import InputError, InputProblem
from awas.ingest.frame import concat
from awas.ingest.importers.base import Chunk
from awas.ingest.importers.jsonl_importer import JsonlImporter

MAX_PROBLEMS = 50  # enough to fix a file in one go, bounded for a file where every line is wrong


def canonical_chunks(path: Path) -> Iterator[Chunk]:
    """Every block of `path` parsed (accepted posts and rejected lines), in file order.

    Raises InputError when the file cannot be opened, is binary or is not UTF-8 text as a whole.
    """
    try:
        yield from (job() for job in JsonlImporter().jobs(path, 0))
    except InputError:
        raise
    except OSError as exc:
        raise InputError(
            InputProblem(str(path), f"berkas tidak dapat dibuka: {exc.strerror or exc}")
        ) from exc


def strict_frames(path: Path) -> Iterator[pl.DataFrame]:
    """Posts of `path` block by block (streaming, memory bounded by a block).

    Raises InputError at the first block holding a bad line, naming every bad line of that block
    (up to MAX_PROBLEMS); blocks before it have been yielded, so a caller that must not act on half
    a file calls `count_strict` first (or uses `read_strict`).
    """
    for chunk in canonical_chunks(path):
        _refuse(path, [r.problem() for r in chunk.rejections])
        yield chunk.frame


def count_strict(path: Path) -> int:
    """The number of posts in `path`; InputError naming the bad lines (up to MAX_PROBLEMS) of the file."""
    problems: list[InputProblem] = []
    posts = 0
    for chunk in canonical_chunks(path):
        posts += chunk.frame.height
        problems.extend(r.problem() for r in chunk.rejections[: MAX_PROBLEMS - len(problems)])
    _refuse(path, problems)
    return posts


def read_strict(path: Path) -> pl.DataFrame:
    """Every post of `path` in one frame; InputError (nothing returned) when any line is bad."""
    frames: list[pl.DataFrame] = []
    problems: list[InputProblem] = []
    for chunk in canonical_chunks(path):
        frames.append(chunk.frame)
        problems.extend(r.problem() for r in chunk.rejections[: MAX_PROBLEMS - len(problems)])
    _refuse(path, problems)
    return concat(frames)


def _refuse(path: Path, problems: list[InputProblem]) -> None:
    if problems:
        shown = problems[:MAX_PROBLEMS]
        raise InputError(
            shown, f"{len(shown)} baris bermasalah di {path}; berkas ditolak, tidak ada yang diproses"
        )
