"""Factories for rows that intake and detection will write later: findings and posts, inserted directly."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from awas.app import App
from awas.store.tables import findings, posts

_ids = itertools.count(1)
DEFAULT_AT = datetime(2024, 11, 20, 3, 0, tzinfo=UTC)


def finding_row(
    category: str = "hoax",
    region_code: str | None = "15.71.01",
    created_at: datetime = DEFAULT_AT,
    review_status: str = "open",
    **extra: Any,
) -> dict[str, Any]:
    n = next(_ids)
    row: dict[str, Any] = {
        "subject_type": "post",
        "subject_id": f"x:{n}",
        "category": category,
        "score": 0.9,
        "detector": "test",
        "detector_version": "1",
        "evidence": [],
        "legal_basis": [],
        "region_code": region_code,
        "details": {},
        "created_at": created_at,
        "review_status": review_status,
    }
    row.update(extra)
    return row


def insert_findings(app: App, rows: list[dict[str, Any]]) -> None:
    with app.db.transaction() as conn:
        conn.execute(findings.insert(), rows)


def post_row(
    text: str = "isi", region_code: str | None = "15.71.01", created_at: datetime = DEFAULT_AT
) -> dict[str, Any]:
    n = next(_ids)
    return {
        "platform": "x",
        "post_id": f"p{n}",
        "author_id": f"a{n}",
        "text": text,
        "created_at": created_at,
        "urls": [],
        "hashtags": [],
        "mentions": [],
        "media": [],
        "metrics": {},
        "region_code": region_code,
        "raw": {},
        "raw_sha256": "0" * 64,
        "ingested_at": created_at,
    }


def insert_posts(app: App, rows: list[dict[str, Any]]) -> None:
    with app.db.transaction() as conn:
        conn.execute(posts.insert(), rows)
