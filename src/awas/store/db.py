"""Engine and transactions for SQLite (default) and PostgreSQL.

SQLite runs in WAL mode with a busy timeout and foreign keys on. Writes use `BEGIN IMMEDIATE` so two
writers queue on the lock instead of failing half-way with "database is locked" (the healthchecks
and datasette lesson); reads use a plain deferred `BEGIN` and never block writers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000


class Database:
    """One database: an engine for reads, one for writes, and ORM sessions bound to writes."""

    def __init__(
        self, url: str, *, echo: bool = False, pool_size: int = 5, pool: Mapping[str, float] | None = None
    ) -> None:
        """`pool`: PostgreSQL pool options (pool_size, max_overflow, pool_timeout, pool_recycle)."""
        self.url = sa.make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        options = {"pool_size": pool_size, "max_overflow": 10} | dict(pool or {})
        self.engine = _create_engine(self.url, echo=echo, pool=options)
        self.write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        # SQLite has one writer at a time; threads of this process queue here instead of in SQLite's
        # busy handler, which sleeps 1, 2, 5, 10... ms between tries (long tails for a web server).
        self._write_lock = threading.RLock() if self.is_sqlite else None

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any exception."""
        if self._write_lock is None:
            with self.write_engine.begin() as conn:
                yield conn
            return
        with self._write_lock, self.write_engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only view (a deferred transaction, rolled back at the end)."""
        with self.engine.connect() as conn:
            yield conn

    def session(self) -> Session:
        """An ORM session whose transactions are write transactions (`with db.session() as s, s.begin():`)."""
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        """URL without the password, for messages."""
        return self.url.render_as_string(hide_password=True)


def _create_engine(url: sa.URL, *, echo: bool, pool: dict[str, float]) -> Engine:
    if url.get_backend_name() != "sqlite":
        sizes = {k: int(v) if k != "pool_timeout" else v for k, v in pool.items()}
        # application_name shows which awas process holds a connection (pg_stat_activity).
        connect = {"application_name": "awas"}
        return sa.create_engine(url, echo=echo, pool_pre_ping=True, connect_args=connect, **sizes)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url, echo=echo, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module so BEGIN is ours (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite_transaction(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
