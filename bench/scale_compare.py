"""What must be identical between engines: stored posts, their intake annotations, findings.

Database ids of findings and times of writing differ by nature and are left out; everything else,
including each post's `id` (insertion order) and each finding's `post_pk`, is compared.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.ingest.tables import post_intake
from awas.store.tables import findings, posts

POST_COLUMNS = ("id", "platform", "post_id", "author_id", "text", "lang", "region_code", "urls", "stage")
FINDING_SKIP = {"id", "created_at", "reviewed_at"}


def _rows(app: App, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    with app.db.read() as conn:
        return [tuple(repr(v) for v in row) for row in conn.execute(query)]


def stored_state(app: App) -> dict[str, list[tuple[Any, ...]]]:
    """Posts, annotations and findings as sorted rows of text (comparable across databases)."""
    intake = [c for c in post_intake.c if c.name != "run_id"]
    kept = [c for c in findings.c if c.name not in FINDING_SKIP]
    return {
        "posts": _rows(app, sa.select(*[posts.c[n] for n in POST_COLUMNS]).order_by(posts.c.id)),
        "post_intake": _rows(app, sa.select(*intake).order_by(post_intake.c.platform, post_intake.c.post_id)),
        "findings": _rows(
            app, sa.select(*kept).order_by(findings.c.subject_id, findings.c.category, findings.c.detector)
        ),
    }


def differences(left: App, right: App) -> dict[str, int]:
    """Rows present on one side only, per table (empty when the stored states are identical)."""
    a, b = stored_state(left), stored_state(right)
    out = {name: len(set(a[name]) ^ set(b[name])) for name in a}
    out |= {f"{name}_order": int(a[name] != b[name]) for name in a if not out[name]}
    return {name: n for name, n in out.items() if n}
