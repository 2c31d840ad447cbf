"""Read-side queries over detection findings (for the CLI and the dashboard)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.detect.context import DETECTOR
from awas.store.tables import findings, posts


def recent_findings(
    app: App, *, category: str | None = None, status: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Newest detection findings with their post's text, optionally filtered."""
    query = (
        sa.select(
            findings.c.id,
            findings.c.category,
            findings.c.score,
            findings.c.subject_id,
            findings.c.handler,
            findings.c.paslon_id,
            findings.c.election_id,
            findings.c.review_status,
            findings.c.evidence,
            findings.c.legal_basis,
            findings.c.created_at,
            posts.c.text,
            posts.c.created_at.label("posted_at"),
        )
        .outerjoin(posts, posts.c.id == findings.c.post_pk)
        .where(findings.c.detector == DETECTOR)
        .order_by(findings.c.id.desc())
        .limit(limit)
    )
    if category:
        query = query.where(findings.c.category == category)
    if status:
        query = query.where(findings.c.review_status == status)
    with app.db.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def counts_by_category(app: App) -> dict[str, int]:
    query = (
        sa.select(findings.c.category, sa.func.count())
        .where(findings.c.detector == DETECTOR)
        .group_by(findings.c.category)
        .order_by(findings.c.category)
    )
    with app.db.read() as conn:
        return {category: int(n) for category, n in conn.execute(query).all()}
