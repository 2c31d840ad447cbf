"""Stored findings with their lifetime (first seen, last seen, resolved) per series.

A finding's identity is (series, rule, unit, paslon); series = race + province. An audit updates
only the rule families it evaluated and only units in the kab/kota its data covered, so auditing
one kab/kota's file never resolves another's findings. Bulk statements only: an audit of a large
file inserts its new findings in one executemany and touches existing ones by set-based updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.recap.tables import recap_findings
from awas.timeutil import utcnow

CHUNK = 5000


@dataclass(frozen=True, slots=True)
class SeriesAudit:
    """What one audit saw for one series."""

    series: str
    race: str
    findings: pl.DataFrame  # rule, unit, level, paslon, values, message
    snapshot_by_family: dict[str, str]  # "C"/"H"/"F"/"X01"/"X02" → snapshot id
    kabs: list[str]  # kab/kota codes the audited data covers


@dataclass(frozen=True, slots=True)
class StoreCounts:
    new: int
    seen: int
    resolved: int


def family_of(rule: pl.Expr) -> pl.Expr:
    return pl.when(rule.str.starts_with("X")).then(rule).otherwise(rule.str.slice(0, 1))


def record(app: App, audit: SeriesAudit, elections: dict[tuple[str, str], str]) -> StoreCounts:
    """Insert new findings, refresh seen ones, resolve vanished ones; one transaction."""
    now = utcnow()
    current = _current(audit, elections)
    with app.db.transaction() as conn:
        existing = _existing(conn, audit.series)
        key = ["rule", "unit", "paslon"]
        new = current.join(existing, on=key, how="anti")
        seen = current.join(existing, on=key, how="inner")
        gone = existing.filter(~pl.col("resolved")).join(current, on=key, how="anti")
        gone = gone.filter(
            family_of(pl.col("rule")).is_in(list(audit.snapshot_by_family))
            & pl.col("unit").str.slice(0, 4).is_in(audit.kabs)
        )
        _insert(conn, audit, new, now)
        _refresh(conn, seen, now)
        _resolve(conn, gone, audit.snapshot_by_family, now)
    return StoreCounts(new.height, seen.height, gone.height)


def _current(audit: SeriesAudit, elections: dict[tuple[str, str], str]) -> pl.DataFrame:
    area = pl.col("unit").str.slice(0, 4) if audit.race == "pkwkk" else pl.col("unit").str.slice(0, 2)
    mapping = {area_code: election for (race, area_code), election in elections.items() if race == audit.race}
    return audit.findings.with_columns(
        pl.col("paslon").fill_null(""),
        area.replace_strict(mapping, default=None, return_dtype=pl.String).alias("election_id"),
        family_of(pl.col("rule"))
        .replace_strict(audit.snapshot_by_family, default=None, return_dtype=pl.String)
        .alias("snapshot_id"),
    )


def _existing(conn: Connection, series: str) -> pl.DataFrame:
    t = recap_findings
    query = sa.select(
        t.c.id, t.c.rule, t.c.unit, t.c.paslon, t.c.resolved_at.is_not(None), t.c.values_json, t.c.message
    ).where(t.c.series == series)
    schema: dict[str, Any] = {
        "id": pl.Int64,
        "rule": pl.String,
        "unit": pl.String,
        "paslon": pl.String,
        "resolved": pl.Boolean,
        "old_values": pl.String,
        "old_message": pl.String,
    }
    return pl.DataFrame(conn.execute(query).all(), schema=schema, orient="row")


INSERT_COLUMNS = (
    "series", "race", "rule", "unit", "level", "paslon", "election_id", "values_json", "message",
    "first_snapshot_id", "last_snapshot_id", "first_seen_at", "last_seen_at",
)  # fmt: skip


def _insert(conn: Connection, audit: SeriesAudit, new: pl.DataFrame, now: datetime) -> None:
    """Bulk insert through the driver (sqlite3 executemany, PostgreSQL COPY): SQLAlchemy's per-row
    type processing costs seconds for the ~250,000 findings of a national file."""
    stamp: Any = now if conn.dialect.name != "sqlite" else now.replace(tzinfo=None).strftime(SQLITE_TIME)
    rows = new.select(
        pl.lit(audit.series).alias("_series"), pl.lit(audit.race).alias("_race"), "rule", "unit", "level",
        "paslon", "election_id", "values", "message", "snapshot_id", pl.col("snapshot_id").alias("_last"),
    ).rows()  # fmt: skip
    if not rows:
        return
    driver = conn.connection.driver_connection
    names = ", ".join(INSERT_COLUMNS)
    if conn.dialect.name == "sqlite":
        sql = f"INSERT INTO recap_findings ({names}) VALUES ({', '.join('?' * len(INSERT_COLUMNS))})"
        driver.executemany(sql, [(*row, stamp, stamp) for row in rows])  # type: ignore[union-attr]
        return
    with driver.cursor() as cursor, cursor.copy(f"COPY recap_findings ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row((*row, stamp, stamp))


SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's SQLite DateTime stores a naive (UTC) time


def _refresh(conn: Connection, seen: pl.DataFrame, now: datetime) -> None:
    """Set last seen on every seen finding; rewrite values only where they changed or it was resolved."""
    t = recap_findings
    for snapshot_id, group in seen.group_by("snapshot_id"):
        ids = group.get_column("id").to_list()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            conn.execute(
                t.update().where(t.c.id.in_(chunk)).values(last_seen_at=now, last_snapshot_id=snapshot_id[0])
            )
    changed = seen.filter(
        (pl.col("values") != pl.col("old_values"))
        | (pl.col("message") != pl.col("old_message"))
        | pl.col("resolved")
    )
    if changed.height:
        stmt = (
            t.update()
            .where(t.c.id == sa.bindparam("_id"))
            .values(
                values_json=sa.bindparam("_values"),
                message=sa.bindparam("_message"),
                resolved_at=None,
                resolved_snapshot_id=None,
            )
        )
        conn.execute(
            stmt,
            [
                {"_id": i, "_values": v, "_message": m}
                for i, v, m in changed.select("id", "values", "message").iter_rows()
            ],
        )


def _resolve(conn: Connection, gone: pl.DataFrame, snapshots: dict[str, str], now: datetime) -> None:
    t = recap_findings
    for family, group in gone.with_columns(family_of(pl.col("rule")).alias("_family")).group_by("_family"):
        ids = group.get_column("id").to_list()
        for start in range(0, len(ids), CHUNK):
            conn.execute(
                t.update()
                .where(t.c.id.in_(ids[start : start + CHUNK]))
                .values(resolved_at=now, resolved_snapshot_id=snapshots[str(family[0])])
            )
