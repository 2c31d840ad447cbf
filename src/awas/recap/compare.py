"""Diff two snapshots (D01) and reconcile recap tables with Sirekap and TPS sums (X02 view).

OLD/NEW may be stored snapshot ids (or unique prefixes) or paths; paths are imported first unless
`persist` is False. Both sides must be of the same race and level kind (TPS vs aggregate).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from awas.app import App
from awas.errors import InputError, InputProblem
from awas.recap import store
from awas.recap.diff import DiffResult, diff_aggregate, diff_tps
from awas.recap.findings_frame import collect
from awas.recap.model import SnapshotInfo, SnapshotKind
from awas.recap.read_table import read_text_table
from awas.recap.service import latest_snapshot, parse
from awas.recap.units import tps_sums, unit_view


@dataclass(frozen=True, slots=True)
class Side:
    info: SnapshotInfo
    frame: pl.DataFrame  # text frame for TPS, parsed long frame for aggregates


@dataclass(frozen=True, slots=True)
class ReconcileRow:
    unit: str
    level: str
    paslon: str
    recap: int | None
    sirekap: int | None
    tps_sum: int | None
    status: str  # "cocok" | "beda"


def diff(
    app: App, old: str, new: str, *, actor: str, race: str | None = None, persist: bool = True
) -> tuple[DiffResult, Side, Side]:
    """D01 between two snapshots. Raises InputError when they cannot be compared."""
    a, b = _side(app, old, actor, race, persist), _side(app, new, actor, race, persist)
    if a.info.race != b.info.race or a.info.kind.is_tps != b.info.kind.is_tps:
        reason = f"tidak sebanding: {a.info.race}/{a.info.kind} dan {b.info.race}/{b.info.kind}"
        raise InputError(InputProblem(f"{old} {new}", reason))
    result = diff_tps(a.frame, b.frame) if a.info.kind.is_tps else diff_aggregate(a.frame, b.frame)
    return result, a, b


def _side(app: App, ref: str, actor: str, race: str | None, persist: bool) -> Side:
    path = Path(ref)
    if not path.exists():
        stored = store.resolve_snapshot(app, ref)
        return Side(stored, text_frame(app, stored))
    parsed = [p for p in parse(app, [path], race) if race is None or p.race == race]
    if not parsed:
        raise InputError(InputProblem(ref, f"tidak ada data pemilihan {race}"))
    if len(parsed) > 1:
        races = ", ".join(sorted(p.race for p in parsed))
        raise InputError(InputProblem(ref, f"berisi beberapa pemilihan ({races}); pilih dengan --race"))
    item = parsed[0]
    info: SnapshotInfo | None = (
        store.save_snapshot(app, item, actor) if persist else store.find_snapshot(app, item.id)
    )
    if info is None:  # not stored and not persisting: describe it in memory
        from awas.recap.service import _transient_info

        info = _transient_info(item)
    frame = read_text_table(path) if item.kind is SnapshotKind.TPS_CSV else _as_text(item.kind, item.frame)
    return Side(info, frame)


def text_frame(app: App, info: SnapshotInfo) -> pl.DataFrame:
    """Values as read: a flat table is re-read from its raw bytes; JSON values are their digits."""
    if info.kind is SnapshotKind.TPS_CSV:
        (relpath, blob), *_ = store.snapshot_files(app, info.id)
        return read_text_table(blob, parquet=relpath.lower().endswith(".parquet"))
    return _as_text(info.kind, store.load_frame(app, info.id))


def _as_text(kind: SnapshotKind, frame: pl.DataFrame) -> pl.DataFrame:
    if kind.is_tps:
        return frame.drop([c for c in ("_line", "_file") if c in frame.columns]).cast(pl.String)
    return frame


def reconcile(app: App, race: str, unit: str | None = None) -> list[ReconcileRow]:
    """The newest recap table of `race` against the newest Sirekap aggregate and TPS snapshot."""
    table = latest_snapshot(app, race, (SnapshotKind.RECAP_TABLE,))
    if table is None:
        raise InputError(
            InputProblem(race, "belum ada tabel rekapitulasi (D.Hasil/DB/DC) untuk pemilihan ini")
        )
    recap = (
        store.load_frame(app, table.id)
        .lazy()
        .select("unit", "level", "paslon", pl.col("votes").alias("recap"))
    )
    joined = recap.join(_sirekap(app, race), on=["unit", "paslon"], how="left").join(
        _tps(app, race), on=["unit", "paslon"], how="left"
    )
    if unit:
        joined = joined.filter(pl.col("unit") == unit.replace(".", ""))
    frame = collect(joined.sort("unit", "paslon"))
    return [_row(r) for r in frame.iter_rows(named=True)]


def _sirekap(app: App, race: str) -> pl.LazyFrame:
    info = latest_snapshot(app, race, (SnapshotKind.AGGREGATE,))
    if info is None:
        return pl.LazyFrame(schema={"unit": pl.String, "paslon": pl.String, "sirekap": pl.Int64})
    return unit_view(store.load_frame(app, info.id)).select(
        "unit", "paslon", pl.col("votes").alias("sirekap")
    )


def _tps(app: App, race: str) -> pl.LazyFrame:
    info = latest_snapshot(app, race, (SnapshotKind.TPS_CSV, SnapshotKind.TPS_JSON))
    if info is None:
        return pl.LazyFrame(schema={"unit": pl.String, "paslon": pl.String, "tps_sum": pl.Int64})
    return tps_sums(store.load_frame(app, info.id)).select("unit", "paslon", "tps_sum")


def _row(r: dict[str, Any]) -> ReconcileRow:
    values = [r["recap"], r["sirekap"], r["tps_sum"]]
    known = {v for v in values if v is not None}
    return ReconcileRow(
        str(r["unit"]),
        str(r["level"]),
        str(r["paslon"]),
        r["recap"],
        r["sirekap"],
        r["tps_sum"],
        "cocok" if len(known) <= 1 else "beda",
    )
