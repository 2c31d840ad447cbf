"""Test helper: store posts in the `posts` table as intake would (stage 'new')."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from awas.app import App
from awas.domain.posts import Post
from awas.store.tables import posts
from awas.timeutil import utcnow


def insert_posts(app: App, items: Sequence[Post]) -> None:
    now = utcnow()
    rows = [
        {
            "platform": p.platform,
            "post_id": p.post_id,
            "author_id": p.author_id,
            "author_handle": p.author_handle,
            "author_name": p.author_name,
            "text": p.text,
            "created_at": p.created_at,
            "urls": list(p.urls),
            "hashtags": list(p.hashtags),
            "mentions": list(p.mentions),
            "media": [],
            "metrics": {},
            "region_code": p.region,
            "raw": dict(p.raw),
            "raw_sha256": hashlib.sha256(p.text.encode()).hexdigest(),
            "ingested_at": now,
            "stage": "new",
        }
        for p in items
    ]
    with app.db.transaction() as conn:
        conn.execute(posts.insert(), rows)
