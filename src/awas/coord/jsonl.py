"""Read a posts JSONL file (specs/posts-jsonl.md) into the engine's frame, or refuse it whole.

Fast path: Polars reads only the columns coordination needs. Any problem (a line that is not JSON,
not UTF-8, a missing required field, a time without an offset) raises `InputError` naming the file,
the line and the field, and nothing is returned: `awas coord detect --in` exits 2 and prints no
clusters computed from half a file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from awas.coord.frame import number_rows, tidy_frame
from awas.errors import InputError, InputProblem

REQUIRED = ("platform", "post_id", "author_id", "created_at")
_READ_SCHEMA: dict[str, pl.DataType] = {
    "platform": pl.String(),
    "post_id": pl.String(),
    "author_id": pl.String(),
    "author_handle": pl.String(),
    "author_created_at": pl.String(),
    "text": pl.String(),
    "created_at": pl.String(),
    "urls": pl.List(pl.String()),
    "hashtags": pl.List(pl.String()),
    "repost_of": pl.String(),
    "reply_to": pl.String(),
}
_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z")
MAX_PROBLEMS = 50


def parse_times(column: str) -> pl.Expr:
    """ISO 8601 with an offset (`Z` accepted) → UTC datetime; naive or unparsable → null."""
    text = pl.col(column).str.strip_chars().str.replace(r"[zZ]$", "+00:00")
    return pl.coalesce(
        *(text.str.to_datetime(fmt, strict=False, time_zone="UTC", time_unit="us") for fmt in _FORMATS)
    )


def read_posts_jsonl(path: Path) -> pl.DataFrame:
    """The frame of every post in `path`; raises InputError (nothing returned) on any bad record."""
    name = str(path)
    try:
        raw = pl.read_ndjson(path, schema=_READ_SCHEMA)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise InputError(_scan_problems(path) or [InputProblem(name, f"tidak dapat dibaca: {exc}")]) from exc
    problems = _row_problems(raw, path)
    if problems:
        raise InputError(problems, f"{len(problems)} masalah pada {name}")
    return _to_frame(raw)


def _to_frame(raw: pl.DataFrame) -> pl.DataFrame:
    frame = raw.select(
        pl.lit(0, dtype=pl.Int64).alias("pid"),
        "platform",
        "post_id",
        (pl.col("platform") + ":" + pl.col("author_id")).alias("account"),
        "author_handle",
        parse_times("author_created_at").alias("author_created_at"),
        "text",
        (parse_times("created_at").dt.epoch("s")).alias("t"),
        "urls",
        "hashtags",
        "repost_of",
        "reply_to",
    )
    return number_rows(tidy_frame(frame))


def _row_problems(raw: pl.DataFrame, path: Path) -> list[InputProblem]:
    """Missing required fields and times without offsets, with their line numbers."""
    checks = [pl.col(f).is_null() | (pl.col(f).str.strip_chars() == "") for f in REQUIRED]
    bad_time = parse_times("created_at").is_null() & pl.col("created_at").is_not_null()
    flagged = (
        raw.with_row_index("row")
        .with_columns(*[c.alias(f"_miss_{f}") for c, f in zip(checks, REQUIRED, strict=True)])
        .with_columns(bad_time.alias("_bad_time"))
        .filter(pl.any_horizontal(pl.col("^_miss_.*$"), "_bad_time"))
        .head(MAX_PROBLEMS)
    )
    if flagged.is_empty():
        return []
    lines = _line_numbers(path, flagged["row"].to_list())
    problems = []
    for record in flagged.iter_rows(named=True):
        line = lines.get(record["row"])
        for field in REQUIRED:
            if record[f"_miss_{field}"]:
                problems.append(InputProblem(str(path), "kolom wajib kosong atau tidak ada", line, field))
        if record["_bad_time"]:
            reason = "waktu harus ISO 8601 dengan zona waktu (mis. 2024-11-25T21:03:00+07:00)"
            problems.append(InputProblem(str(path), reason, line, "created_at"))
    return problems


def _line_numbers(path: Path, rows: list[int]) -> dict[int, int]:
    """Row index (non-blank lines, in order) → 1-based line number; only for the rows asked."""
    wanted, found, row = set(rows), {}, -1
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                row += 1
                if row in wanted:
                    found[row] = number
                    if len(found) == len(wanted):
                        break
    return found


def _scan_problems(path: Path) -> list[InputProblem]:
    """The slow, precise path after the fast reader failed: which lines are not UTF-8 JSON objects."""
    problems: list[InputProblem] = []
    try:
        handle = path.open("rb")
    except OSError as exc:
        return [InputProblem(str(path), f"berkas tidak dapat dibuka: {exc.strerror or exc}")]
    with handle:
        for number, line in enumerate(handle, start=1):
            problem = _line_problem(line)
            if problem:
                problems.append(InputProblem(str(path), problem[0], number, problem[1]))
                if len(problems) >= MAX_PROBLEMS:
                    break
    return problems


def _line_problem(line: bytes) -> tuple[str, str | None] | None:
    if not line.strip():
        return None
    try:
        record: Any = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return "baris bukan UTF-8", None
    except json.JSONDecodeError as exc:
        return f"bukan JSON yang sah ({exc.msg})", None
    if not isinstance(record, dict):
        return "baris harus berupa objek JSON", None
    for field, kind in (("urls", list), ("hashtags", list), ("text", str)):
        if field in record and record[field] is not None and not isinstance(record[field], kind):
            return f"tipe salah (harus {'daftar' if kind is list else 'teks'})", field
    return None
