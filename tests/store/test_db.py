from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.store import tables as t
from awas.store.audit import append_audit, recent_audit
from awas.store.db import Database
from awas.store.migrate import current_revisions, head_revisions, upgrade


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    db.dispose()


def test_migrations_reach_every_head_and_rerun_as_noop(empty_app: App) -> None:
    assert current_revisions(empty_app.db) == head_revisions()
    assert upgrade(empty_app.db) == []
    assert empty_app.schema_is_current()


def test_foreign_keys_are_enforced(empty_app: App) -> None:
    with pytest.raises(sa.exc.IntegrityError), empty_app.db.transaction() as conn:
        conn.execute(
            t.regions.insert().values(
                code="15.01", plain_code="1501", level="kabkota", name="X", parent_code="99"
            )
        )


def test_times_round_trip_as_aware_utc(empty_app: App) -> None:
    wib = timezone(timedelta(hours=7))
    moment = datetime(2024, 11, 24, 0, 0, 0, tzinfo=wib)
    with empty_app.db.transaction() as conn:
        conn.execute(
            t.schedule_phases.insert().values(
                stage="masa_tenang",
                name="Masa tenang",
                starts_at=moment,
                ends_at=moment + timedelta(days=3),
                source="",
                status="verified",
            )
        )
    with empty_app.db.read() as conn:
        stored = conn.execute(sa.select(t.schedule_phases.c.starts_at)).scalar_one()
    assert stored == moment
    assert stored.tzinfo is not None and stored.utcoffset() == timedelta(0)
    assert stored == datetime(2024, 11, 23, 17, 0, tzinfo=UTC)


def test_naive_times_are_refused(empty_app: App) -> None:
    with pytest.raises(sa.exc.StatementError, match="naive datetime"), empty_app.db.transaction() as conn:
        conn.execute(
            t.schedule_phases.insert().values(
                stage="x", name="x", starts_at=datetime(2024, 1, 1), ends_at=datetime(2024, 1, 2)
            )
        )


def test_audit_log_is_append_only(empty_app: App) -> None:
    empty_app.audit(AuditEvent(action="case.viewed", actor="alice", object_type="case", object_id="7"))
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), empty_app.db.transaction() as conn:
            conn.execute(sa.text(statement))
    with empty_app.db.read() as conn:
        rows = recent_audit(conn, object_type="case", object_id="7")
    assert [(r["actor"], r["action"]) for r in rows] == [("alice", "case.viewed")]


def test_audit_rows_roll_back_with_their_transaction(empty_app: App) -> None:
    with pytest.raises(RuntimeError), empty_app.db.transaction() as conn:
        append_audit(conn, AuditEvent(action="x.done", actor="bob", object_type="x", object_id="1"))
        raise RuntimeError("the change failed")
    with empty_app.db.read() as conn:
        assert recent_audit(conn) == []


def test_concurrent_sqlite_writers_queue_instead_of_failing(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'c.db'}")
    upgrade(db)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(25):
                with db.transaction() as conn:
                    count = conn.execute(sa.select(sa.func.count()).select_from(t.audit_log)).scalar_one()
                    append_audit(
                        conn, AuditEvent(action="w", actor=f"w{n}", object_type="n", object_id=str(count + i))
                    )
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.audit_log)).scalar_one() == 100
    db.dispose()
