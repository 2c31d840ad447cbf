"""Daily roots of the custody ledger and the daily report.

A day (calendar day in WIB) is sealed once it is over: the Merkle root over that day's entry hashes,
in ledger order, is stored and, when a TSA is configured, stamped with an RFC 3161 token. The root
is what Bawaslu publishes or sends to partners; `verify` recomputes every sealed day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.evidence.config import EvidenceSettings
from awas.evidence.merkle import merkle_root
from awas.evidence.tables import evidence_captures, evidence_daily_roots, evidence_ledger
from awas.evidence.tsa import TimestampError, request_timestamp, root_message
from awas.timeutil import WIB, utcnow, wib_date


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyRoot:
    day: date
    first_seq: int
    last_seq: int
    entry_count: int
    root: str
    sealed_at: datetime
    tsa_url: str | None = None
    tsa_token: bytes | None = None
    tsa_time: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyReport:
    day: date
    entry_count: int
    actions: dict[str, int]
    captures_stored: int
    captures_failed: int
    root: str | None
    sealed: bool
    tsa_time: datetime | None
    tsa_url: str | None
    notes: list[str] = field(default_factory=list)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of a WIB day, as aware datetimes."""
    start = datetime.combine(day, time(0), tzinfo=WIB)
    return start, start + timedelta(days=1)


def day_entries(conn: Connection, day: date) -> list[tuple[int, str, str]]:
    """(seq, action, entry_hash) of the day's entries in ledger order."""
    start, end = day_bounds(day)
    query = (
        sa.select(evidence_ledger.c.seq, evidence_ledger.c.action, evidence_ledger.c.entry_hash)
        .where(evidence_ledger.c.at >= start, evidence_ledger.c.at < end)
        .order_by(evidence_ledger.c.seq)
    )
    return [(r.seq, r.action, r.entry_hash) for r in conn.execute(query)]


def load_roots(conn: Connection) -> dict[date, DailyRoot]:
    rows = conn.execute(sa.select(evidence_daily_roots).order_by(evidence_daily_roots.c.day))
    return {r.day: DailyRoot(**dict(r._mapping)) for r in rows}


def seal_complete_days(app: App, settings: EvidenceSettings, today: date | None = None) -> list[DailyRoot]:
    """Seal every finished WIB day that has entries and no root yet; stamp it if a TSA is set."""
    today = today or wib_date(utcnow())
    sealed = []
    with app.db.transaction() as conn:
        for day in _unsealed_days(conn, today):
            entries = day_entries(conn, day)
            root = DailyRoot(
                day=day,
                first_seq=entries[0][0],
                last_seq=entries[-1][0],
                entry_count=len(entries),
                root=merkle_root([e[2] for e in entries]),
                sealed_at=utcnow(),
            )
            conn.execute(evidence_daily_roots.insert().values(**_root_row(root)))
            sealed.append(root)
    if settings.tsa_url:
        sealed = [_try_stamp(app, settings, r) for r in sealed]
    return sealed


def _unsealed_days(conn: Connection, today: date) -> list[date]:
    last = conn.execute(sa.select(sa.func.max(evidence_daily_roots.c.last_seq))).scalar() or 0
    ats = conn.execute(sa.select(evidence_ledger.c.at).where(evidence_ledger.c.seq > last)).scalars()
    return sorted({d for d in (wib_date(at) for at in ats) if d < today})


def stamp_day(app: App, settings: EvidenceSettings, day: date) -> DailyRoot:
    """Get an RFC 3161 token for a sealed day's root and store it; TimestampError, SetupError."""
    with app.db.read() as conn:
        root = load_roots(conn).get(day)
    if root is None:
        raise TimestampError(f"hari {day.isoformat()} belum disegel (belum ada akar harian)")
    stamp = request_timestamp(settings, root_message(day, root.root))
    with app.db.transaction() as conn:
        conn.execute(
            evidence_daily_roots.update()
            .where(evidence_daily_roots.c.day == day)
            .values(tsa_url=stamp.tsa_url, tsa_token=stamp.token, tsa_time=stamp.gen_time)
        )
    return replace(root, tsa_url=stamp.tsa_url, tsa_token=stamp.token, tsa_time=stamp.gen_time)


def _try_stamp(app: App, settings: EvidenceSettings, root: DailyRoot) -> DailyRoot:
    try:
        return stamp_day(app, settings, root.day)
    except TimestampError:
        return root  # sealed without a token; `awas evidence report daily --timestamp` retries


def _root_row(root: DailyRoot) -> dict[str, object]:
    return {name: getattr(root, name) for name in DailyRoot.__dataclass_fields__}


def daily_report(app: App, day: date) -> DailyReport:
    """What happened in the vault on `day`, with the day's root (provisional while the day runs)."""
    with app.db.read() as conn:
        entries = day_entries(conn, day)
        root = load_roots(conn).get(day)
        stored, failed = _capture_counts(conn, day)
    notes = []
    value = root.root if root else (merkle_root([e[2] for e in entries]) if entries else None)
    if entries and root is None:
        notes.append("akar sementara: hari belum disegel, nilainya berubah bila ada entri baru")
    if root is not None and root.tsa_token is None:
        notes.append("akar belum dicap waktu oleh TSA")
    return DailyReport(
        day=day,
        entry_count=len(entries),
        actions=dict(Counter(e[1] for e in entries)),
        captures_stored=stored,
        captures_failed=failed,
        root=value,
        sealed=root is not None,
        tsa_time=root.tsa_time if root else None,
        tsa_url=root.tsa_url if root else None,
        notes=notes,
    )


def _capture_counts(conn: Connection, day: date) -> tuple[int, int]:
    start, end = day_bounds(day)
    rows = conn.execute(
        sa.select(evidence_captures.c.status, sa.func.count())
        .where(evidence_captures.c.finished_at >= start, evidence_captures.c.finished_at < end)
        .group_by(evidence_captures.c.status)
    )
    counts = {r[0]: r[1] for r in rows}
    return counts.get("stored", 0), counts.get("failed", 0)
