"""Text frame → typed TPS frame, refusing bad input with file, record and field named.

Blocking data errors have rule ids in the style of specs/recap-rules.md §2 and stop the import
(exit 2, nothing stored), because a snapshot with them cannot be audited reliably:
C12 a count that is not a non-negative integer (never coerced), C13 a duplicate TPS code,
C14 a code that is malformed or outside the wilayah reference.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from awas.errors import InputError, InputProblem
from awas.recap.fields import ADMIN_FIELDS, BALLOT_FIELDS, NAME_COLUMNS, paslon_columns
from awas.recap.read_table import FILE, LINE

MAX_PROBLEMS_PER_FIELD = 20
INT_MAX = 2**31 - 1
TS_PATTERN = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"


@dataclass(frozen=True, slots=True)
class Wilayah:
    """Plain wilayah codes of the provinces the reference covers (codes elsewhere are not checked)."""

    units: frozenset[str]  # every plain code: provinsi, kab/kota, kecamatan, desa
    provinces: frozenset[str]

    @classmethod
    def from_codes(cls, codes: Collection[str]) -> Wilayah:
        units = frozenset(codes)
        return cls(units, frozenset(code[:2] for code in units))

    @property
    def desa(self) -> list[str]:
        return [code for code in self.units if len(code) == 10]

    def covers(self, code: str) -> bool:
        """True when `code`'s province is covered, i.e. the code can be checked."""
        return code[:2] in self.provinces

    def knows(self, code: str) -> bool:
        return code in self.units


def typed_tps(
    text: pl.DataFrame, source: str, wilayah: Wilayah | None, field_names: dict[str, str]
) -> pl.DataFrame:
    """Cast and check a text TPS frame. Raises InputError listing C12/C13/C14 problems.

    `field_names` maps a column to how the user's file calls it (e.g. `chart.100025` in JSON).
    """
    paslon = paslon_columns(text.columns)
    counts = [*paslon, *ADMIN_FIELDS, *BALLOT_FIELDS, "n_images"]
    frame = _fill_optional(text)
    casted = frame.with_columns(*(_to_int(frame, c).alias(c) for c in counts))
    bad = _bad_columns(frame, casted, counts)
    problems = _count_problems(frame, casted, bad, source, field_names)
    problems += _ts_problems(frame, source)
    problems += _code_problems(casted, source, wilayah)
    if problems:
        raise InputError(problems, f"{len(problems)} masalah data di {source}; tidak ada yang disimpan")
    return casted


def _fill_optional(text: pl.DataFrame) -> pl.DataFrame:
    padded = text.select(pl.col("kode_tps").str.contains(r"^\s|\s$").any()).item()
    code = pl.col("kode_tps").str.strip_chars() if padded else pl.col("kode_tps")
    derived = {
        "kode_kab": code.str.slice(0, 4),
        "kode_kec": code.str.slice(0, 6),
        "kode_desa": code.str.slice(0, 10),
        "tps_no": code.str.slice(10, 3).str.strip_chars_start("0"),
    }
    missing: list[pl.Expr] = [expr.alias(name) for name, expr in derived.items() if name not in text.columns]
    missing += [pl.lit("").alias(n) for n in NAME_COLUMNS if n not in text.columns]
    missing += [pl.lit(None, pl.String).alias(n) for n in ("n_images", "images") if n not in text.columns]
    return text.with_columns(code.alias("kode_tps"), *missing)


def _to_int(frame: pl.DataFrame, column: str) -> pl.Expr:
    dtype = frame.schema[column]
    if dtype.is_integer():
        return pl.col(column).cast(pl.Int64)
    text = pl.col(column).cast(pl.String)
    # Whitespace around a number is tolerated; anything else that is not an integer is refused.
    clean = pl.when(text.str.contains(r"^\s|\s$")).then(text.str.strip_chars()).otherwise(text)
    return pl.when(clean == "").then(None).otherwise(clean).cast(pl.Int64, strict=False)


def _flag(text: pl.DataFrame, casted: pl.DataFrame, column: str) -> pl.Series:
    value = casted.get_column(column)
    flags = (value < 0).fill_null(False) | (value > INT_MAX).fill_null(False)
    raw = text.get_column(column)
    if raw.dtype.is_integer():
        return flags
    raw = raw.cast(pl.String).str.strip_chars()
    return flags | (raw.is_not_null() & (raw != "") & value.is_null())


def _bad_columns(text: pl.DataFrame, casted: pl.DataFrame, counts: list[str]) -> list[str]:
    """Count columns holding any value that is not a non-negative integer (one cheap pass first)."""
    out_of_range = casted.select(((pl.col(c) < 0) | (pl.col(c) > INT_MAX)).any().alias(c) for c in counts)
    candidates = {c for c, hit in zip(counts, out_of_range.row(0), strict=True) if hit}
    strings = [c for c in counts if not text.schema[c].is_integer()]
    if strings:
        lost = pl.DataFrame(
            {c: text.get_column(c).is_not_null() & casted.get_column(c).is_null() for c in strings}
        )
        candidates |= {c for c, hit in zip(strings, lost.select(pl.all().any()).row(0), strict=True) if hit}
    return [c for c in counts if c in candidates and _flag(text, casted, c).any()]


def _count_problems(
    text: pl.DataFrame, casted: pl.DataFrame, columns: list[str], source: str, names: dict[str, str]
) -> list[InputProblem]:
    problems: list[InputProblem] = []
    for column in columns:
        rows = text.filter(_flag(text, casted, column)).head(MAX_PROBLEMS_PER_FIELD)
        for row in rows.select(*_where(rows), pl.col(column).cast(pl.String).alias("v")).iter_rows():
            problems.append(_count_problem(source, row, names.get(column, column)))
    return problems


def _where(frame: pl.DataFrame) -> list[pl.Expr]:
    file = pl.col(FILE) if FILE in frame.columns else pl.lit(None, pl.String)
    return [file.alias("file"), pl.col(LINE).cast(pl.Int64).alias("line")]


def _count_problem(source: str, row: tuple[str | None, int | None, str | None], field: str) -> InputProblem:
    file, line, value = row
    reason = f"C12 nilai {value!r} bukan bilangan bulat ≥ 0"
    if value is not None and value.lstrip("-").isdigit():
        reason = f"C12 nilai {value} negatif" if value.startswith("-") else f"C12 nilai {value} terlalu besar"
    return InputProblem(file or source, reason, None if file else line, field)


def _ts_problems(frame: pl.DataFrame, source: str) -> list[InputProblem]:
    ts = pl.col("ts").cast(pl.String)
    bad = frame.filter(ts.is_not_null() & ~ts.str.contains(TS_PATTERN)).head(MAX_PROBLEMS_PER_FIELD)
    rows = bad.select(*_where(bad), ts.alias("v")).iter_rows()
    return [
        InputProblem(f or source, f"C12 waktu {v!r} bukan 'YYYY-MM-DD HH:MM:SS'", None if f else n, "ts")
        for f, n, v in rows
    ]


PREFIXES = (("kode_kab", 4), ("kode_kec", 6), ("kode_desa", 10))


def _prefix_of(name: str, width: int) -> pl.Expr:
    return (pl.col(name).str.len_bytes() == width) & pl.col("kode_tps").str.starts_with(pl.col(name))


def _code_problems(frame: pl.DataFrame, source: str, wilayah: Wilayah | None) -> list[InputProblem]:
    code = pl.col("kode_tps")
    # starts_with compares in place; slicing kode_tps would allocate a new string column per check.
    checks: list[tuple[str, pl.Expr, str]] = [
        ("kode_tps", ~code.str.contains(r"^\d{13}$"), "C14 kode TPS harus 13 digit"),
        ("kode_tps", code.is_duplicated(), "C13 kode TPS ganda"),
        *(
            (name, ~_prefix_of(name, width), f"C14 {name} tidak cocok dengan kode_tps")
            for name, width in PREFIXES
        ),
    ]
    if wilayah is not None and wilayah.units:
        outside = code.str.slice(0, 2).is_in(list(wilayah.provinces)) & ~code.str.slice(0, 10).is_in(
            wilayah.desa
        )
        checks.append(("kode_tps", outside, "C14 desa/kelurahan tidak ada dalam referensi wilayah"))
    problems: list[InputProblem] = []
    for field, mask, reason in checks:
        bad = frame.filter(mask.fill_null(True)).head(MAX_PROBLEMS_PER_FIELD)
        for file, line, value in bad.select(*_where(bad), pl.col(field).alias("v")).iter_rows():
            problems.append(
                InputProblem(file or source, f"{reason} ({value})", None if file else line, field)
            )
    return problems
