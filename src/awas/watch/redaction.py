"""Mask leaked NIK and KK numbers in the stored copy of a post (its text, its raw record, and the
tip it came from), once the post is sealed in the evidence vault. From then on the sealed copy is
the only place with the numbers; every page, export and report reads the masked one. `raw_sha256`
is left as it was: it still proves what intake received, and the sealed copy matches it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.ingest.tables import tips
from awas.store.audit import append_audit
from awas.store.tables import posts
from awas.watch.leaks import mask_leak


def mask_value(value: Any, kecamatan: frozenset[str]) -> Any:
    """Every string inside a JSON value, masked."""
    if isinstance(value, str):
        return mask_leak(value, kecamatan)
    if isinstance(value, list):
        return [mask_value(v, kecamatan) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v, kecamatan) for k, v in value.items()}
    return value


def redact_post(app: App, post_pk: int, kecamatan: frozenset[str]) -> int:
    """Mask the post `post_pk`; 1 when something changed, 0 otherwise."""
    with app.db.transaction() as conn:
        row = conn.execute(
            sa.select(posts.c.platform, posts.c.post_id, posts.c.text, posts.c.raw).where(
                posts.c.id == post_pk
            )
        ).first()
        if row is None:
            return 0
        text, raw = mask_leak(row.text, kecamatan), mask_value(row.raw, kecamatan)
        if text == row.text and raw == row.raw:
            return 0
        conn.execute(posts.update().where(posts.c.id == post_pk).values(text=text, raw=raw))
        if row.platform == "tip":
            tip = conn.execute(sa.select(tips.c.text).where(tips.c.id == row.post_id)).scalar()
            if tip is not None:
                conn.execute(
                    tips.update().where(tips.c.id == row.post_id).values(text=mask_leak(tip, kecamatan))
                )
        append_audit(
            conn,
            AuditEvent(
                action="watch.post_masked",
                actor="system:watch",
                object_type="post",
                object_id=f"{row.platform}:{row.post_id}"[:128],
            ),
        )
    return 1
