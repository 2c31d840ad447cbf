"""Recap services: import, audit, diff, record a recap table. Front ends call only these (and
`queries`, `describe`); every error is an `awas.errors` exception with its exit status.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.errors import InputError, InputProblem
from awas.recap import store
from awas.recap.engine import AuditOutcome, RaceInput, run_audit
from awas.recap.findings_store import SeriesAudit, StoreCounts, record
from awas.recap.model import ImportReport, SnapshotInfo, SnapshotKind
from awas.recap.paslon_map import PaslonDirectory, directory_from_reference
from awas.recap.recap_table import RecapTableEntry, entries_to_csv
from awas.recap.sources import ParsedSnapshot, parse_inputs
from awas.recap.tables import recap_audits
from awas.recap.typed import Wilayah


@dataclass(slots=True)
class AuditRun:
    outcome: AuditOutcome
    snapshots: list[SnapshotInfo]
    stored: dict[str, StoreCounts] = field(default_factory=dict)


def paslon_directory(app: App, masters: tuple[Path, ...] = ()) -> PaslonDirectory:
    return directory_from_reference(app.reference, masters)


def wilayah(app: App) -> Wilayah:
    """Plain codes of the loaded reference wilayah (empty when no reference package is loaded)."""
    return Wilayah.from_codes([region.plain_code for region in app.reference.regions.values()])


def parse(
    app: App, paths: list[Path], race: str | None = None, masters: tuple[Path, ...] = ()
) -> list[ParsedSnapshot]:
    """Parse inputs without storing anything. Raises InputError naming file, record and field."""
    return parse_inputs(paths, paslon_directory(app, masters), wilayah(app), race)


def import_inputs(
    app: App,
    paths: list[Path],
    *,
    actor: str,
    race: str | None = None,
    masters: tuple[Path, ...] = (),
    label: str = "",
) -> ImportReport:
    """Parse every input first (all or nothing), then store each snapshot (idempotent)."""
    parsed = parse(app, paths, race, masters)
    report = ImportReport(ignored_files=sum(p.ignored for p in parsed))
    report.snapshots = [store.save_snapshot(app, p, actor, label) for p in parsed]
    return report


def audit_inputs(
    app: App,
    paths: list[Path],
    *,
    actor: str,
    snapshot_ids: tuple[str, ...] = (),
    race: str | None = None,
    masters: tuple[Path, ...] = (),
    persist: bool = True,
    auditor: Callable[[list[RaceInput]], AuditOutcome] = run_audit,
) -> AuditRun:
    """Audit files (imported first unless `persist` is False) and/or stored snapshots.

    `auditor` runs the rules (the scale-out engine passes one that partitions by province).
    """
    parsed = parse(app, paths, race, masters) if paths else []
    earlier = [store.resolve_snapshot(app, snapshot_id) for snapshot_id in snapshot_ids]
    loaded = [(info, store.load_frame(app, info.id)) for info in earlier]
    if not parsed and not loaded:
        raise InputError(InputProblem("-", "tidak ada masukan untuk diaudit"))
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Storing (raw copy, Parquet frame) overlaps the audit: both mostly run outside the GIL.
        saving = pool.submit(_save_all, app, parsed, actor) if persist else None
        transient = [(_transient_info(p), p.frame) for p in parsed]
        outcome = auditor(_race_inputs(app, transient + loaded))
        infos = saving.result() if saving else [info for info, _ in transient]
    frames = [(info, p.frame) for info, p in zip(infos, parsed, strict=True)] + loaded
    run = AuditRun(outcome, [info for info, _ in frames])
    if persist:
        run.stored = _record(app, run, frames, actor)
    return run


def _save_all(app: App, parsed: list[ParsedSnapshot], actor: str) -> list[SnapshotInfo]:
    return [store.save_snapshot(app, p, actor) for p in parsed]


def _transient_info(parsed: ParsedSnapshot) -> SnapshotInfo:
    from awas.timeutil import utcnow

    size = sum(f.size for f in parsed.files)
    return SnapshotInfo(
        parsed.id,
        parsed.kind,
        parsed.race,
        parsed.source,
        utcnow(),
        store.wib_to_utc(parsed.captured),
        parsed.frame.height,
        len(parsed.files),
        size,
    )


def _race_inputs(app: App, frames: list[tuple[SnapshotInfo, pl.DataFrame]]) -> list[RaceInput]:
    directory = paslon_directory(app)
    inputs: dict[str, RaceInput] = {}
    for info, frame in frames:
        item = inputs.setdefault(info.race, RaceInput(info.race, expected=_expected(directory, info.race)))
        bucket = {SnapshotKind.AGGREGATE: item.aggregates, SnapshotKind.RECAP_TABLE: item.recaps}.get(
            info.kind, item.tps
        )
        bucket.append(frame)
    return list(inputs.values())


def _expected(directory: PaslonDirectory, race: str) -> dict[str, int] | None:
    """Paslon per kab/kota for bupati/wali kota races (each area has its own ballot)."""
    if race != "pkwkk":
        return None
    counts: dict[str, int] = {}
    for ref in directory.refs():
        if ref.race == race and len(ref.area) == 4:
            counts[ref.area] = counts.get(ref.area, 0) + 1
    return counts or None


def _record(
    app: App, run: AuditRun, frames: list[tuple[SnapshotInfo, pl.DataFrame]], actor: str
) -> dict[str, StoreCounts]:
    elections = {(e.sirekap_race, e.sirekap_area): e.id for e in app.reference.elections.values()}
    stored: dict[str, StoreCounts] = {}
    for race, families in run.outcome.families.items():
        mine = [(info, frame) for info, frame in frames if info.race == race]
        audit = SeriesAudit(
            series=store.series_of(race, _province(mine)),
            race=race,
            findings=run.outcome.findings.filter(pl.col("race") == race).drop("race"),
            snapshot_by_family=_family_snapshots(mine, families),
            kabs=_kabs(mine),
        )
        stored[audit.series] = record(app, audit, elections)
    _log_audit(app, run, stored, actor)
    return stored


def _family_snapshots(frames: list[tuple[SnapshotInfo, pl.DataFrame]], families: set[str]) -> dict[str, str]:
    by_kind: dict[str, str] = {}
    for info, _ in frames:
        kinds = {"aggregate": ("X01",), "recap_table": ("X02",)}.get(info.kind.value, ("C", "H", "F"))
        by_kind.update({family: info.id for family in kinds if family in families})
    return by_kind


def _code_column(frame: pl.DataFrame) -> str:
    return next(c for c in ("kode_tps", "file_unit", "unit") if c in frame.columns)


def _province(frames: list[tuple[SnapshotInfo, pl.DataFrame]]) -> str:
    codes = pl.concat([f.get_column(_code_column(f)).str.slice(0, 2) for _, f in frames])
    return str(codes.value_counts(sort=True).item(0, 0))


def _kabs(frames: list[tuple[SnapshotInfo, pl.DataFrame]]) -> list[str]:
    codes = [f.get_column(_code_column(f)) for _, f in frames] + [
        f.get_column("unit") for _, f in frames if "unit" in f.columns
    ]
    kabs = pl.concat(codes).str.slice(0, 4).unique().to_list()
    provinces = {code[:2] for code in kabs}
    return sorted(set(kabs) | provinces)  # province-level findings (2-digit units) belong too


def _log_audit(app: App, run: AuditRun, stored: dict[str, StoreCounts], actor: str) -> None:
    from awas.store.audit import append_audit
    from awas.timeutil import utcnow

    ids = [s.id for s in run.snapshots]
    row = {
        "audited_at": utcnow(),
        "actor": actor,
        "snapshot_ids": ids,
        "summary": run.outcome.summary,
        "new_findings": sum(c.new for c in stored.values()),
        "resolved_findings": sum(c.resolved for c in stored.values()),
    }
    with app.db.transaction() as conn:
        audit_id = conn.execute(recap_audits.insert().values(**row)).inserted_primary_key
        event = AuditEvent(
            action="recap.audited",
            actor=actor,
            object_type="recap_audit",
            object_id=str(audit_id[0] if audit_id else ""),
            details={"snapshots": ids, "summary": row["summary"]},
        )
        append_audit(conn, event)


def record_recap_table(
    app: App, entries: list[RecapTableEntry], *, race: str, actor: str, label: str = ""
) -> SnapshotInfo:
    """Store D.Hasil/DB/DC numbers typed into the dashboard form as a recap-table snapshot.

    The entries are written as the canonical recap-table CSV, so a form submission is checked and
    stored exactly like an imported file (content-addressed; the same numbers twice store nothing
    new). Raises InputError naming the entry (line) and field.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "formulir-rekapitulasi.csv"
        path.write_bytes(entries_to_csv(entries, race))
        parsed = parse(app, [path], race)
        for item in parsed:
            item.source = f"formulir:{actor}"
        return store.save_snapshot(app, parsed[0], actor, label or "formulir dasbor")


def latest_snapshot(app: App, race: str, kinds: tuple[SnapshotKind, ...]) -> SnapshotInfo | None:
    found = [s for s in store.list_snapshots(app, race) if s.kind in kinds]
    return found[-1] if found else None


def count_audits(app: App) -> int:
    with app.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(recap_audits)).scalar_one())
