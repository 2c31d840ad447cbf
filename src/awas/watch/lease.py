"""A lease so that two `awas watch run` processes (cron and a --follow loop) never run a cycle at the
same time: claimed with one conditional UPDATE (C11), renewed while working, released at the end.
A crashed holder's lease simply expires."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from awas.app import App
from awas.timeutil import utcnow
from awas.watch.tables import watch_cursors

LEASE_S = 600


def claim(app: App, name: str, holder: str) -> bool:
    """True when `holder` now holds the lease `name`."""
    now = utcnow()
    t = watch_cursors
    with app.db.transaction() as conn:
        if conn.execute(sa.select(t.c.name).where(t.c.name == name)).first() is None:
            conn.execute(t.insert().values(name=name, position=0, updated_at=now))
        taken = conn.execute(
            t.update()
            .where(t.c.name == name, sa.or_(t.c.holder.is_(None), t.c.expires_at < now, t.c.holder == holder))
            .values(holder=holder, expires_at=now + timedelta(seconds=LEASE_S), updated_at=now)
        ).rowcount
    return bool(taken)


def renew(app: App, name: str, holder: str) -> None:
    now = utcnow()
    t = watch_cursors
    with app.db.transaction() as conn:
        conn.execute(
            t.update()
            .where(t.c.name == name, t.c.holder == holder)
            .values(expires_at=now + timedelta(seconds=LEASE_S), updated_at=now)
        )


def release(app: App, name: str, holder: str) -> None:
    t = watch_cursors
    with app.db.transaction() as conn:
        conn.execute(
            t.update()
            .where(t.c.name == name, t.c.holder == holder)
            .values(holder=None, expires_at=None, updated_at=utcnow())
        )


def position(app: App, name: str) -> int:
    with app.db.read() as conn:
        value = conn.execute(sa.select(watch_cursors.c.position).where(watch_cursors.c.name == name)).scalar()
    return int(value or 0)


def set_position(app: App, name: str, value: int) -> None:
    now = utcnow()
    t = watch_cursors
    with app.db.transaction() as conn:
        if not conn.execute(
            t.update().where(t.c.name == name).values(position=value, updated_at=now)
        ).rowcount:
            conn.execute(t.insert().values(name=name, position=value, updated_at=now))
