"""The dashboard's and the queue's queries are answered from indexes on both databases."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from awas.app import App
from awas.detect.store import DETECTING, NEW
from awas.risk.findings_stats import FindingScope
from awas.store.tables import findings, posts
from awas.timeutil import utcnow


def _plan(app: App, query: sa.Select) -> str:  # type: ignore[type-arg]
    with app.db.read() as conn:
        if app.db.is_sqlite:
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            return "\n".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
        conn.exec_driver_sql("SET enable_seqscan = off")  # empty test tables: ask which index it would use
        return "\n".join(
            str(r[0])
            for r in conn.execute(
                sa.text("EXPLAIN " + str(query.compile(conn, compile_kwargs={"literal_binds": True})))
            )
        )


def test_queue_and_dashboard_queries_use_indexes(app: App) -> None:
    cutoff = utcnow() - timedelta(minutes=15)
    queries = {
        "ix_posts_stage": sa.select(posts.c.id).where(posts.c.stage == NEW).order_by(posts.c.id).limit(100),
        "ix_posts_stage_at": sa.select(sa.func.min(posts.c.stage_at)).where(
            posts.c.stage == DETECTING, posts.c.stage_at < cutoff
        ),
        "ix_findings_detector_id": sa.select(findings.c.id)
        .where(findings.c.detector == "awas.detect")
        .order_by(findings.c.id.desc())
        .limit(50),
        "ix_findings_region_category_created": sa.select(findings.c.category, sa.func.count())
        .where(*FindingScope(region_prefix="15.71").conditions())
        .group_by(findings.c.category),
        "ix_posts_region_created": sa.select(sa.func.count()).where(
            posts.c.region_code == "15.71", posts.c.created_at >= cutoff
        ),
    }
    for index, query in queries.items():
        assert index in _plan(app, query), (index, _plan(app, query))
