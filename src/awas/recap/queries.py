"""Read-only queries for the dashboard and the CLI: drill-down race → kab/kota → kecamatan → desa →
TPS, findings of a unit, X-rule differences, a unit's history across snapshots, C.Hasil photos.

All return typed records (`awas.recap.model`); none writes.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import sqlalchemy as sa

from awas.app import App
from awas.errors import NotFoundError
from awas.recap import store
from awas.recap.fields import CHILD_WIDTH, level_of_code, paslon_columns
from awas.recap.findings_frame import collect
from awas.recap.model import (
    HistoryEntry,
    PhotoLink,
    RecapFinding,
    SnapshotInfo,
    SnapshotKind,
    UnitHistory,
    UnitTotals,
)
from awas.recap.service import latest_snapshot
from awas.recap.tables import recap_findings
from awas.recap.units import tps_sums, unit_view

TPS_KINDS = (SnapshotKind.TPS_CSV, SnapshotKind.TPS_JSON)


def snapshots(app: App, race: str | None = None) -> list[SnapshotInfo]:
    """Every stored snapshot, oldest first."""
    return store.list_snapshots(app, race)


def children(app: App, race: str, unit: str) -> list[UnitTotals]:
    """Votes of the units directly under `unit` ("15" → kab/kota, ... desa → TPS) in the newest snapshot
    of `race` that has them (TPS data preferred: it reaches down to every TPS)."""
    unit = unit.replace(".", "")
    width = CHILD_WIDTH.get(len(unit))
    if width is None:
        raise NotFoundError(f"{unit!r} bukan kode wilayah")
    tps = latest_snapshot(app, race, TPS_KINDS)
    if tps is not None:
        rows = _tps_children(app, tps, unit, width)
        if rows:
            return rows
    agg = latest_snapshot(app, race, (SnapshotKind.AGGREGATE,))
    return _aggregate_children(app, agg, unit, width) if agg else []


def _tps_children(app: App, info: SnapshotInfo, unit: str, width: int) -> list[UnitTotals]:
    frame = store.load_frame(app, info.id).filter(pl.col("kode_tps").str.starts_with(unit))
    if frame.height == 0:
        return []
    if width == 13:
        return [_tps_totals(row, info.id) for row in frame.iter_rows(named=True)]
    sums = collect(tps_sums(frame).filter(pl.col("unit").str.len_chars() == width))
    return _grouped(app, sums, "tps_sum", info.id, {})


def _tps_totals(row: dict[str, Any], snapshot_id: str) -> UnitTotals:
    votes = {c.removeprefix("paslon_"): row[c] for c in paslon_columns(row)}
    return UnitTotals(str(row["kode_tps"]), "tps", f"TPS {row['tps_no']}", votes, snapshot_id, row.get("ts"))


def _aggregate_children(app: App, info: SnapshotInfo, unit: str, width: int) -> list[UnitTotals]:
    view = collect(unit_view(store.load_frame(app, info.id)))
    rows = view.filter(pl.col("unit").str.starts_with(unit) & (pl.col("unit").str.len_chars() == width))
    progress = {
        u: (t, i) for u, t, i in rows.select("unit", "tps_total", "tps_in").unique("unit").iter_rows()
    }
    return _grouped(app, rows, "votes", info.id, progress)


def _grouped(
    app: App,
    frame: pl.DataFrame,
    column: str,
    snapshot_id: str,
    progress: dict[str, tuple[int | None, int | None]],
) -> list[UnitTotals]:
    names = {r.plain_code: r.name for r in app.reference.regions.values()}
    out = []
    for (unit,), group in sorted(frame.group_by("unit"), key=lambda g: str(g[0][0])):
        votes = dict(group.sort("paslon").select("paslon", column).iter_rows())
        total, inside = progress.get(str(unit), (None, None))
        out.append(
            UnitTotals(
                str(unit),
                level_of_code(str(unit)),
                names.get(str(unit), ""),
                votes,
                snapshot_id,
                None,
                total,
                inside,
            )
        )
    return out


def findings(
    app: App,
    *,
    unit: str | None = None,
    rules: tuple[str, ...] = (),
    race: str | None = None,
    open_only: bool = True,
    limit: int = 1000,
) -> list[RecapFinding]:
    """Stored findings, newest first; `unit` includes every unit below it (prefix match)."""
    t = recap_findings
    query = sa.select(t).order_by(t.c.last_seen_at.desc(), t.c.rule, t.c.unit).limit(limit)
    if unit:
        query = query.where(t.c.unit.startswith(unit.replace(".", "")))
    if rules:
        query = query.where(t.c.rule.in_(rules))
    if race:
        query = query.where(t.c.race == race)
    if open_only:
        query = query.where(t.c.resolved_at.is_(None))
    with app.db.read() as conn:
        return [_finding(dict(r)) for r in conn.execute(query).mappings()]


def x_differences(app: App, race: str | None = None, unit: str | None = None) -> list[RecapFinding]:
    """X01/X02 findings (child sums vs parents, recap vs Sirekap/TPS), open ones."""
    return findings(app, unit=unit, rules=("X01", "X02"), race=race)


def get_finding(app: App, finding_id: int) -> RecapFinding:
    with app.db.read() as conn:
        row = (
            conn.execute(sa.select(recap_findings).where(recap_findings.c.id == finding_id))
            .mappings()
            .first()
        )
    if row is None:
        raise NotFoundError(f"temuan rekap {finding_id} tidak ada")
    return _finding(dict(row))


def _finding(row: dict[str, Any]) -> RecapFinding:
    return RecapFinding(
        id=int(row["id"]),
        rule=str(row["rule"]),
        unit=str(row["unit"]),
        level=str(row["level"]),
        paslon=str(row["paslon"]) or None,
        race=str(row["race"]),
        election_id=row["election_id"],
        values=json.loads(str(row["values_json"])),
        message=str(row["message"]),
        first_snapshot_id=str(row["first_snapshot_id"]),
        last_snapshot_id=str(row["last_snapshot_id"]),
        first_seen_at=row["first_seen_at"],
        last_seen_at=row["last_seen_at"],
        resolved_at=row["resolved_at"],
        resolved_snapshot_id=row["resolved_snapshot_id"],
    )


def photos(app: App, tps: str, race: str | None = None) -> list[PhotoLink]:
    """C.Hasil photo URLs of a TPS in the newest TPS snapshot that has it."""
    for info in reversed([s for s in store.list_snapshots(app, race) if s.kind in TPS_KINDS]):
        frame = store.load_frame(app, info.id).filter(pl.col("kode_tps") == tps)
        if frame.height:
            urls = (frame.item(0, "images") or "").split()
            return [PhotoLink(tps, page, url) for page, url in enumerate(urls, start=1)]
    return []


def history(app: App, unit: str, race: str | None = None) -> UnitHistory:
    """Every value `unit` had in every stored snapshot, per source, oldest snapshot first."""
    unit = unit.replace(".", "")
    entries: list[HistoryEntry] = []
    for info in store.list_snapshots(app, race):
        entries += _entries(info, store.load_frame(app, info.id), unit)
    if not entries:
        raise NotFoundError(f"unit {unit} tidak ada di snapshot mana pun")
    return UnitHistory(unit, tuple(entries))


def _entries(info: SnapshotInfo, frame: pl.DataFrame, unit: str) -> list[HistoryEntry]:
    def entry(source: str, ts: object, values: dict[str, object]) -> HistoryEntry:
        text = {k: "" if v is None else str(v) for k, v in values.items()}
        return HistoryEntry(
            info.id, info.kind, info.race, info.imported_at, source, None if ts is None else str(ts), text
        )

    if info.kind in TPS_KINDS:
        if len(unit) == 13:
            rows = frame.filter(pl.col("kode_tps") == unit).drop("_line", "_file", strict=False)
            return [
                entry("TPS", r.get("ts"), {k: v for k, v in r.items() if k != "ts"})
                for r in rows.iter_rows(named=True)
            ]
        sums = collect(tps_sums(frame).filter(pl.col("unit") == unit))
        return (
            [
                entry(
                    "jumlah TPS",
                    sums.get_column("ts_max").max(),
                    {
                        f"paslon_{p}": v
                        for p, v in sums.sort("paslon").select("paslon", "tps_sum").iter_rows()
                    },
                )
            ]
            if sums.height
            else []
        )
    if info.kind is SnapshotKind.RECAP_TABLE:
        rows = frame.filter(pl.col("unit") == unit)
        return (
            [
                entry(
                    "rekapitulasi",
                    rows.item(0, "ts"),
                    {f"paslon_{p}": v for p, v in rows.select("paslon", "votes").iter_rows()},
                )
            ]
            if rows.height
            else []
        )
    rows = frame.filter((pl.col("unit") == unit) & pl.col("paslon").is_not_null())
    out = []
    for (file, role, ts), group in sorted(
        rows.group_by("file", "role", "file_ts"), key=lambda g: (str(g[0][1]) != "self", str(g[0][0]))
    ):
        source = f"{'chart' if role == 'self' else 'tabel'} {file}"
        out.append(
            entry(
                source,
                ts,
                {f"paslon_{p}": v for p, v in group.sort("paslon").select("paslon", "votes").iter_rows()},
            )
        )
    return out
