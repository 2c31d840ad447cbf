"""Write a validated reference package into the database, idempotently.

Each table is synchronised by primary key: new rows are inserted, changed rows updated, identical
rows left alone, so loading the same package twice changes nothing. Loading never deletes: rows
another package loaded (another province) stay. Everything happens in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.domain.audit import AuditEvent
from awas.domain.regions import parent_of, plain_code
from awas.reference.validate import ValidPackage
from awas.store import tables as t
from awas.store import workflow_tables as wt
from awas.store.audit import append_audit
from awas.store.db import Database
from awas.timeutil import utcnow

LEVEL_ORDER = {"provinsi": 0, "kabkota": 1, "kecamatan": 2, "desa": 3}


@dataclass
class TableSync:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated)


@dataclass
class LoadReport:
    package: str
    version: str
    tables: dict[str, TableSync] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(s.changed for s in self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "version": self.version,
            "changed": self.changed,
            "tables": {n: vars(s) for n, s in self.tables.items()},
        }


Rows = Callable[[ValidPackage], list[dict[str, Any]]]


def load_package(
    db: Database,
    package: ValidPackage,
    *,
    actor: str = "system",
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Synchronise every reference table with `package` in one transaction; return what changed."""
    report = LoadReport(package.manifest.name, package.manifest.version)
    with db.transaction() as conn:
        for table, key, build in PLAN:
            if progress:
                progress(table.name)
            report.tables[table.name] = sync_table(conn, table, key, build(package))
        _record_package(conn, package, report)
        if report.changed:
            append_audit(
                conn,
                AuditEvent(
                    action="reference.loaded",
                    actor=actor,
                    object_type="reference_package",
                    object_id=package.manifest.name,
                    details=report.as_dict(),
                ),
            )
    return report


def sync_table(
    conn: Connection, table: sa.Table, key: Sequence[str], rows: Iterable[dict[str, Any]]
) -> TableSync:
    """Insert new rows and update changed ones, matched on `key`; leave identical rows untouched."""
    sync = TableSync()
    existing = {tuple(r[k] for k in key): dict(r) for r in conn.execute(sa.select(table)).mappings()}
    for row in rows:
        current = existing.get(tuple(row[k] for k in key))
        if current is None:
            conn.execute(table.insert().values(**row))
            sync.inserted += 1
        elif any(current.get(col) != value for col, value in row.items()):
            where = sa.and_(*(table.c[k] == row[k] for k in key))
            conn.execute(table.update().where(where).values(**row))
            sync.updated += 1
        else:
            sync.unchanged += 1
    return sync


def _regions(package: ValidPackage) -> list[dict[str, Any]]:
    rows = sorted(package.rows("wilayah.csv"), key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    shapes = package.shapes
    return [
        {
            "code": r["code"],
            "plain_code": plain_code(r["code"]),
            "level": r["level"],
            "name": r["name"],
            "parent_code": parent_of(r["code"]),
            "lat": shapes.get(r["code"], {}).get("lat"),
            "lon": shapes.get(r["code"], {}).get("lon"),
            "geometry": shapes.get(r["code"], {}).get("geometry"),
        }
        for r in rows
    ]


def _paslon(package: ValidPackage) -> list[dict[str, Any]]:
    return [{"id": f"{r['election_id']}#{r['nomor_urut']}", **r} for r in package.rows("paslon.csv")]


def _renamed(name: str, **renames: str) -> Rows:
    def build(package: ValidPackage) -> list[dict[str, Any]]:
        return [{renames.get(k, k): v for k, v in r.items()} for r in package.rows(name)]

    return build


def _plain(name: str) -> Rows:
    return lambda package: package.rows(name)


PLAN: tuple[tuple[sa.Table, tuple[str, ...], Rows], ...] = (
    (t.regions, ("code",), _regions),
    (t.region_stats, ("region_code",), _plain("region_stats.csv")),
    (t.handlers, ("id",), _plain("handlers.csv")),
    (t.violation_categories, ("id",), _plain("categories.csv")),
    (t.legal_clocks, ("id",), _plain("clocks.csv")),
    (t.holidays, ("day",), _renamed("holidays.csv", date="day")),
    (t.schedule_phases, ("stage",), _plain("schedule.csv")),
    (t.elections, ("id",), _plain("elections.csv")),
    (t.paslon, ("id",), _paslon),
    (t.ikp_baseline, ("region_code", "product"), _plain("ikp_baseline.csv")),
    (t.organisations, ("id",), _plain("organisations.csv")),
    (wt.case_statuses, ("id",), _plain("case_statuses.csv")),
    (wt.case_transition_rules, ("from_status", "to_status"), _plain("case_transitions.csv")),
    (wt.case_clock_rules, ("clock_id",), _plain("case_clock_rules.csv")),
    (wt.routing_rules, ("id",), _plain("routing_rules.csv")),
    (wt.track_rules, ("category", "actor"), _plain("track_rules.csv")),
    (wt.intake_requirements, ("id",), _plain("intake_requirements.csv")),
    (wt.tlp_clearances, ("org_kind",), _plain("tlp_clearances.csv")),
)


def _record_package(conn: Connection, package: ValidPackage, report: LoadReport) -> None:
    manifest = package.manifest
    row = {
        "name": manifest.name,
        "version": manifest.version,
        "title": manifest.title,
        "province": manifest.province,
        "content_sha256": package.sha256,
        "counts": {n: s.inserted + s.updated + s.unchanged for n, s in report.tables.items()},
    }
    current = conn.execute(
        sa.select(t.reference_packages).where(t.reference_packages.c.name == manifest.name)
    )
    existing = current.mappings().first()
    if existing is None:
        conn.execute(t.reference_packages.insert().values(**row, loaded_at=utcnow()))
    elif existing["content_sha256"] != package.sha256 or report.changed:
        conn.execute(
            t.reference_packages.update()
            .where(t.reference_packages.c.name == manifest.name)
            .values(**row, loaded_at=utcnow())
        )
