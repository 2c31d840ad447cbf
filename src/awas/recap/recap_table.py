"""Recapitulation tables: D.Hasil (kecamatan), DB (kab/kota), DC (provinsi), specs §1.3.

CSV `level,kode,paslon_NN...,suara_sah,suara_tidak_sah,ts` (optional `race`), or entries from the
dashboard form (`RecapTableEntry`, serialised to the same CSV so both are stored alike). These are
the legally binding numbers; X02 compares them with Sirekap and with TPS sums.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import polars as pl

from awas.errors import InputError, InputProblem
from awas.recap.fields import WIDTH_BY_LEVEL, paslon_column, paslon_columns
from awas.recap.read_table import LINE
from awas.recap.typed import TS_PATTERN, Wilayah

LEVEL_ALIASES = {
    "kecamatan": "kecamatan",
    "d.hasil": "kecamatan",
    "kabkota": "kabkota",
    "kab/kota": "kabkota",
    "db": "kabkota",
    "provinsi": "provinsi",
    "dc": "provinsi",
    "desa": "desa",
}


@dataclass(frozen=True, slots=True)
class RecapTableEntry:
    """One unit's adopted numbers, as typed into the dashboard form (votes by nomor urut)."""

    level: str
    kode: str
    votes: dict[int, int]
    ts: str
    suara_sah: int | None = None
    suara_tidak_sah: int | None = None
    note: str = field(default="", compare=False)


def entries_to_csv(entries: list[RecapTableEntry], race: str) -> bytes:
    """Canonical CSV bytes for form entries (so a form submission is a content-addressed snapshot)."""
    numbers = sorted({n for e in entries for n in e.votes})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["race", "level", "kode", *map(paslon_column, numbers), "suara_sah", "suara_tidak_sah", "ts"]
    )
    for e in sorted(entries, key=lambda e: (e.level, e.kode)):
        votes = [e.votes.get(n, "") for n in numbers]
        writer.writerow(
            [
                race,
                e.level,
                e.kode.replace(".", ""),
                *votes,
                _cell(e.suara_sah),
                _cell(e.suara_tidak_sah),
                e.ts,
            ]
        )
    return buffer.getvalue().encode()


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def typed_recap_table(
    text: pl.DataFrame, source: str, wilayah: Wilayah | None, race: str | None
) -> pl.DataFrame:
    """Long frame (race, level, unit, paslon, votes, suara_sah, suara_tidak_sah, ts, _line).

    Raises InputError naming line and field for a bad level, code, count or time.
    """
    paslon = paslon_columns(text.columns)
    frame = text.with_columns(
        pl.col("level").alias("_level_raw"),
        pl.col("level")
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(LEVEL_ALIASES, default=None)
        .alias("level"),
        pl.col("kode").str.replace_all(".", "", literal=True).str.strip_chars().alias("unit"),
        (pl.col("race") if "race" in text.columns else pl.lit(race or "unknown")).alias("race"),
        *(_int(c) for c in (*paslon, "suara_sah", "suara_tidak_sah") if c in text.columns),
    )
    problems = _problems(text, frame, paslon, source, wilayah)
    if problems:
        raise InputError(
            problems, f"{len(problems)} masalah di tabel rekapitulasi {source}; tidak ada yang disimpan"
        )
    extra = [c for c in ("suara_sah", "suara_tidak_sah") if c in frame.columns]
    long = frame.unpivot(
        paslon,
        index=["race", "level", "unit", "ts", LINE, *extra],
        variable_name="paslon",
        value_name="votes",
    )
    return long.with_columns(pl.col("paslon").str.replace("paslon_", "", literal=True))


def _int(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).cast(pl.Int64, strict=False).alias(column)


def _problems(
    text: pl.DataFrame, frame: pl.DataFrame, paslon: list[str], source: str, wilayah: Wilayah | None
) -> list[InputProblem]:
    out: list[InputProblem] = []
    for column in (*paslon, "suara_sah", "suara_tidak_sah"):
        if column not in text.columns:
            continue
        bad = (text[column].is_not_null() & frame[column].is_null()) | (frame[column] < 0).fill_null(False)
        out += [
            InputProblem(source, f"C12 nilai {v!r} bukan bilangan bulat ≥ 0", n, column)
            for n, v in text.filter(bad).select(LINE, column).head(20).iter_rows()
        ]
    for n, v in frame.filter(pl.col("level").is_null()).select(LINE, "_level_raw").head(20).iter_rows():
        out.append(
            InputProblem(source, f"level {v!r} tidak dikenal (kecamatan, kabkota, provinsi)", n, "level")
        )
    width = pl.col("level").replace_strict(WIDTH_BY_LEVEL, default=0, return_dtype=pl.Int64)
    shape = pl.col("unit").str.contains(r"^\d+$") & (pl.col("unit").str.len_chars() == width)
    for n, v in (
        frame.filter(~shape.fill_null(False) & pl.col("level").is_not_null())
        .select(LINE, "unit")
        .head(20)
        .iter_rows()
    ):
        out.append(InputProblem(source, f"C14 kode {v!r} tidak sesuai level", n, "kode"))
    for n, v in (
        frame.filter(pl.struct("unit", "level").is_duplicated()).select(LINE, "unit").head(20).iter_rows()
    ):
        out.append(InputProblem(source, f"C13 kode {v} ganda", n, "kode"))
    ts = pl.col("ts")
    for n, v in (
        frame.filter(ts.is_null() | ~ts.str.contains(TS_PATTERN)).select(LINE, "ts").head(20).iter_rows()
    ):
        out.append(InputProblem(source, f"C12 waktu {v!r} bukan 'YYYY-MM-DD HH:MM:SS'", n, "ts"))
    if wilayah is not None and wilayah.units:
        for n, v in frame.select(LINE, "unit").iter_rows():
            if v and wilayah.covers(v) and not wilayah.knows(v):
                out.append(InputProblem(source, f"C14 wilayah {v} tidak ada dalam referensi", n, "kode"))
    return out
