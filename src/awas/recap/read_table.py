"""Read tabular inputs (flat TPS CSV or Parquet, recap-table CSV) as text frames.

Every cell is read as text first, exactly as written (empty cell → null), so that a diff can show
values "as read" and a bad number can be reported with its line and column (see `typed`).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from awas.errors import InputError, InputProblem
from awas.recap import limits
from awas.recap.fields import PASLON_COLUMN, REQUIRED_COLUMNS

LINE = "_line"  # 1-based line of the record in its file (header = line 1)
FILE = "_file"  # only in frames built from many files (JSON trees)
RECAP_TABLE_REQUIRED = ("level", "kode", "ts")


def read_text_table(
    path: Path, max_bytes: int = limits.MAX_TABLE_BYTES, parquet: bool | None = None
) -> pl.DataFrame:
    """CSV or Parquet (by suffix unless `parquet` says) plus `_line`.

    Raises InputError naming file and line.
    """
    limits.check_size(path, max_bytes)
    if parquet or (parquet is None and path.suffix.lower() == ".parquet"):
        return _read_parquet_text(path)
    limits.check_text_encoding(path, limits.read_head(path))
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.DuplicateError) as exc:
        raise limits.locate_csv_problem(path, str(exc)) from None
    if frame.height == 0:
        raise InputError(InputProblem(str(path), "tidak ada baris data (hanya judul kolom)", line=2))
    return frame.with_row_index(LINE, offset=2)


def read_header(path: Path, max_bytes: int = limits.MAX_TABLE_BYTES) -> list[str]:
    """Column names of a CSV/Parquet table. Raises InputError for an unreadable file."""
    limits.check_size(path, max_bytes)
    if path.suffix.lower() == ".parquet":
        return _read_parquet_text(path).columns
    limits.check_text_encoding(path, limits.read_head(path))
    try:
        return pl.read_csv(path, n_rows=0, infer_schema=False, encoding="utf8").columns
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.DuplicateError) as exc:
        raise limits.locate_csv_problem(path, str(exc)) from None


def read_counts_fast(path: Path, counts: list[str]) -> pl.DataFrame | None:
    """Read a valid CSV with its count columns parsed as integers directly (no text copies).

    Returns None when any cell does not parse; the caller then reads it as text to name each problem.
    """
    try:
        frame = pl.read_csv(
            path, infer_schema=False, schema_overrides=dict.fromkeys(counts, pl.Int64), encoding="utf8"
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.DuplicateError):
        return None
    return frame.with_row_index(LINE, offset=2) if frame.height else None


def _read_parquet_text(path: Path) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise InputError(InputProblem(str(path), f"Parquet tidak dapat dibaca: {exc}")) from None
    if frame.height == 0:
        raise InputError(InputProblem(str(path), "tidak ada baris data"))
    # Parquet rows have no lines; the row number (from 2, as in the CSV it came from) stands in.
    return frame.with_row_index(LINE, offset=2)


def table_kind(columns: list[str]) -> str:
    """`tps` for a flat TPS table, `recap_table` for D.Hasil/DB/DC, `unknown` otherwise."""
    if "kode_tps" in columns:
        return "tps"
    if "level" in columns and "kode" in columns:
        return "recap_table"
    return "unknown"


def check_tps_header(path: Path, columns: list[str]) -> list[str]:
    """The paslon columns. Raises InputError naming every missing required column."""
    problems = [
        InputProblem(str(path), f"kolom wajib tidak ada{_near(name, columns)}", line=1, field=name)
        for name in REQUIRED_COLUMNS
        if name not in columns
    ]
    paslon = sorted(c for c in columns if PASLON_COLUMN.match(c))
    if not paslon:
        problems.append(InputProblem(str(path), "tidak ada kolom paslon_NN", line=1, field="paslon_NN"))
    if problems:
        raise InputError(problems, f"{len(problems)} kolom bermasalah di {path.name}")
    return paslon


def check_recap_header(path: Path, columns: list[str]) -> list[str]:
    problems = [
        InputProblem(str(path), "kolom wajib tidak ada", line=1, field=name)
        for name in RECAP_TABLE_REQUIRED
        if name not in columns
    ]
    paslon = sorted(c for c in columns if PASLON_COLUMN.match(c))
    if not paslon:
        problems.append(InputProblem(str(path), "tidak ada kolom paslon_NN", line=1, field="paslon_NN"))
    if problems:
        raise InputError(problems, f"{len(problems)} kolom bermasalah di {path.name}")
    return paslon


def _near(name: str, columns: list[str]) -> str:
    """A hint when the column seems renamed (case, spaces or dashes differ)."""
    key = name.replace("_", "").lower()
    for column in columns:
        if column.replace("_", "").replace(" ", "").replace("-", "").lower() == key:
            return f" (ada kolom '{column}': ganti namanya menjadi '{name}')"
    return ""
