"""Canonical JSONL (specs/posts-jsonl.md), the fast path: streamed, columnar, resumable by offset.

Each batch of lines is parsed by Polars in one call and validated with column expressions; only a
batch that Polars refuses (a broken line, a wrong type) is re-read line by line with the careful
reader (`canonical.post_from_dict`) to name each bad line. `raw` is the line itself, verbatim, and
`raw_sha256` its SHA-256.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

import polars as pl

from awas.domain.posts import PLATFORMS
from awas.errors import InputError, InputProblem
from awas.ingest.canonical import MAX_ID_CHARS, REQUIRED, post_from_dict
from awas.ingest.frame import LIST, POST_SCHEMA, UTC_DT, concat, posts_to_frame, raw_digest
from awas.ingest.importers.base import Chunk, Importer, Positioned, excerpt
from awas.ingest.lines import Block, read_blocks, sniff_encoding_problem
from awas.ingest.records import Rejection

BLOCK_BYTES = 4 * 1024 * 1024
METRICS = pl.Struct(dict.fromkeys(("likes", "shares", "comments", "views"), pl.Int64))
MEDIA = pl.List(pl.Struct({"url": pl.String, "type": pl.String, "sha256": pl.String}))
READ_SCHEMA: dict[str, Any] = {
    **dict.fromkeys(("platform", "post_id", "author_id", "author_handle", "author_name"), pl.String),
    **dict.fromkeys(("author_created_at", "text", "created_at", "url", "lang", "region"), pl.String),
    **dict.fromkeys(("reply_to", "repost_of", "quote_of"), pl.String),
    "urls": LIST,
    "hashtags": LIST,
    "mentions": LIST,
    "media": MEDIA,
    "metrics": METRICS,
}
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%#z"
HAS_OFFSET = r"(Z|z|[+-]\d{2}:?\d{2})$"


class JsonlImporter(Importer):
    format = "jsonl"
    description = "JSONL kanonik awas (specs/posts-jsonl.md)"

    def items(self, path: Path, start: int) -> Iterator[Positioned]:
        raise NotImplementedError("the JSONL importer works in blocks")  # chunks() is overridden

    def chunks(self, path: Path, start: int, offset: int = 0) -> Iterator[Chunk]:
        return (job() for job in self.jobs(path, start, offset))

    def jobs(self, path: Path, start: int, offset: int = 0) -> Iterator[BlockJob]:
        """Independent, picklable parse jobs, one per block of lines (run in worker processes)."""
        problem = sniff_encoding_problem(path)
        if problem:
            raise InputError(InputProblem(str(path), problem))
        with path.open("rb") as fh:
            fh.seek(offset)
            for block in read_blocks(fh, start, BLOCK_BYTES):
                yield BlockJob(str(path), block)


@dataclass(frozen=True, slots=True)
class BlockJob:
    source: str
    block: Block

    @property
    def start(self) -> int:
        return self.block.start_offset

    def __call__(self) -> Chunk:
        return parse_block(self.source, self.block)


def parse_block(source: str, block: Block) -> Chunk:
    """One chunk from a block of lines: blank lines skipped, oversized and non-UTF-8 lines rejected."""
    rejections = [Rejection(source, "baris melebihi batas ukuran (16 MB)", n) for n in block.too_long]
    lines: list[str | None]
    try:
        lines = list(block.data.decode("utf-8").split("\n")) if block.data else []
    except UnicodeDecodeError:
        lines, bad = _decode_each(source, block)
        rejections += bad
    good = [
        (block.first_line + i, t.removesuffix("\r"))
        for i, t in enumerate(lines)
        if t is not None and t.strip()
    ]
    # The usual block (every line kept as it is) is parsed from its bytes as read, with no copy.
    verbatim = len(good) == len(lines) and b"\r" not in block.data
    frame, more = _fast(source, good, block.data if verbatim else None) if good else (posts_to_frame([]), [])
    return Chunk(frame, rejections + more, block.end_line, block.end_offset, start=block.start_offset)


def _decode_each(source: str, block: Block) -> tuple[list[str | None], list[Rejection]]:
    texts: list[str | None] = []
    bad: list[Rejection] = []
    for i, raw in enumerate(block.data.split(b"\n")):
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            texts.append(None)
            bad.append(
                Rejection(
                    source, f"bukan UTF-8 (byte {exc.start})", block.first_line + i, excerpt=excerpt(raw)
                )
            )
    return texts, bad


def _fast(
    source: str, good: list[tuple[int, str]], data: bytes | None
) -> tuple[pl.DataFrame, list[Rejection]]:
    """Parse `good` lines in one call; `data`, when given, is the same lines as bytes (newline-joined)."""
    text = data if data is not None else "\n".join(t for _, t in good).encode("utf-8")
    try:
        read = pl.read_ndjson(io.BytesIO(text), schema=READ_SCHEMA)
    except Exception:  # noqa: BLE001 - any parse failure sends the batch to the careful reader
        return _careful(source, good)
    if read.height != len(good):
        return _careful(source, good)
    digests = [sha256(line).hexdigest() for line in text.split(b"\n")]  # of the bytes as received
    read = read.with_columns(
        pl.Series("_line", [n for n, _ in good], dtype=pl.Int64),
        pl.Series("raw", [t for _, t in good], dtype=pl.String),
        pl.Series("raw_sha256", digests, dtype=pl.String),
    )
    return _validate(source, read)


def _problem() -> pl.Expr:
    """`field|reason` for the first problem of each row, null for a valid row."""
    expr: Any = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for name in REQUIRED:
        expr = expr.when(pl.col(name).is_null()).then(pl.lit(f"{name}|kolom wajib '{name}' tidak ada"))
    expr = expr.when(~pl.col("platform").is_in(PLATFORMS)).then(
        pl.lit("platform|platform tidak dikenal: ") + pl.col("platform").str.slice(0, 40)
    )
    for name in ("post_id", "author_id"):
        size = pl.col(name).str.strip_chars().str.len_chars()
        expr = expr.when((size == 0) | (size > MAX_ID_CHARS)).then(
            pl.lit(f"{name}|'{name}' kosong atau lebih dari {MAX_ID_CHARS} karakter")
        )
    for name in ("created_at", "author_created_at"):
        naive = pl.col(name).is_not_null() & ~pl.col(name).str.strip_chars().str.contains(HAS_OFFSET)
        expr = expr.when(naive).then(
            pl.lit(f"{name}|waktu tanpa zona waktu (naive): ") + pl.col(name).str.slice(0, 40)
        )
    result: pl.Expr = expr.otherwise(None)
    return result


def _validate(source: str, read: pl.DataFrame) -> tuple[pl.DataFrame, list[Rejection]]:
    parsed = read.with_columns(
        _problem().alias("_problem"),
        pl.col("created_at").str.to_datetime(TIME_FORMAT, time_zone="UTC", strict=False).alias("_created"),
        pl.col("author_created_at")
        .str.to_datetime(TIME_FORMAT, time_zone="UTC", strict=False)
        .alias("_acreated"),
    )
    bad = parsed.filter(pl.col("_problem").is_not_null())
    rejections = [
        Rejection(source, problem.split("|", 1)[1], line, problem.split("|", 1)[0], excerpt(raw))
        for line, raw, problem in bad.select("_line", "raw", "_problem").iter_rows()
    ]
    ok = parsed.filter(pl.col("_problem").is_null())
    unparsed = pl.col("_created").is_null() | (
        pl.col("author_created_at").is_not_null() & pl.col("_acreated").is_null()
    )
    slow = ok.filter(unparsed)
    if not slow.height:
        return _finish(ok), rejections
    # Offsets in shapes the fast format misses ("2024-11-25 21:03+07:00") go through the careful reader.
    fixed, more = _careful(source, list(zip(slow["_line"].to_list(), slow["raw"].to_list(), strict=True)))
    return concat([_finish(ok.filter(~unparsed)), fixed]), rejections + more


def _json_text(column: str) -> pl.Expr:
    """A struct/list column as compact JSON text without null members."""
    encoded = pl.struct(pl.col(column)).struct.json_encode()
    inner = encoded.str.slice(len(column) + 4, encoded.str.len_bytes() - len(column) - 5)
    return inner.str.replace_all(r'"[a-z0-9_]+":null,?', "").str.replace_all(r",([}\]])", "$1")


def _finish(ok: pl.DataFrame) -> pl.DataFrame:
    return ok.with_columns(
        pl.col("_created").alias("created_at"),
        pl.col("_acreated").cast(UTC_DT).alias("author_created_at"),
        # A record without media/metrics stores [] / {} (as every other importer), never JSON null.
        pl.when(pl.col("media").is_null()).then(pl.lit("[]")).otherwise(_json_text("media")).alias("media"),
        pl.when(pl.col("metrics").is_null())
        .then(pl.lit("{}"))
        .otherwise(_json_text("metrics"))
        .alias("metrics"),
        pl.col("post_id").str.strip_chars(),
        pl.col("author_id").str.strip_chars(),
    ).select(list(POST_SCHEMA))


def _careful(source: str, good: list[tuple[int, str]]) -> tuple[pl.DataFrame, list[Rejection]]:
    """Line by line with exact reasons; accepted lines keep their verbatim text as `raw`."""
    posts, raws, rejections = [], [], []
    for number, text in good:
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            rejections.append(
                Rejection(source, f"JSON tidak valid: {str(exc)[:120]}", number, excerpt=excerpt(text))
            )
            continue
        item = post_from_dict(record, source, number)
        if isinstance(item, Rejection):
            rejections.append(Rejection(item.source, item.reason, item.line, item.field, excerpt(text)))
        else:
            posts.append(item)
            raws.append(text)
    frame = posts_to_frame(posts).with_columns(
        pl.Series("raw", raws, dtype=pl.String),
        pl.Series("raw_sha256", [raw_digest(r) for r in raws], dtype=pl.String),
    )
    return frame, rejections
