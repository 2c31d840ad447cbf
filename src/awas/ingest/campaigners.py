"""Reports on the campaign account registry: registered accounts with their posts, and accounts that
post campaign content without being registered (the transparent signal of `steps.campaign_step`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.ingest.tables import post_intake
from awas.store.tables import campaign_accounts, posts

NOT_ACCOUNTS = ("news", "web", "tip")  # sources, not social accounts that could register


@dataclass(frozen=True)
class UnregisteredAccount:
    platform: str
    author_id: str
    handle: str | None
    name: str | None
    campaign_posts: int
    paslon_mentioned: str | None
    first_at: datetime
    last_at: datetime


class CampaignAccountReport:
    def __init__(self, app: App) -> None:
        self.app = app

    def registered(self, paslon_id: str | None = None) -> list[dict[str, Any]]:
        """Registered accounts with how many stored posts each wrote."""
        counted = (
            sa.select(post_intake.c.platform, post_intake.c.paslon_id, sa.func.count().label("n"))
            .where(post_intake.c.paslon_id.is_not(None))  # reads the partial index only
            .group_by(post_intake.c.platform, post_intake.c.paslon_id)
            .subquery()
        )
        query = sa.select(campaign_accounts).order_by(
            campaign_accounts.c.paslon_id, campaign_accounts.c.platform
        )
        if paslon_id:
            query = query.where(campaign_accounts.c.paslon_id == paslon_id)
        with self.app.db.read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
            totals = {(r.platform, r.paslon_id): r.n for r in conn.execute(sa.select(counted))}
        for row in rows:
            row["paslon_posts_on_platform"] = totals.get((row["platform"], row["paslon_id"]), 0)
        return rows

    def unregistered(self, min_posts: int = 2) -> list[UnregisteredAccount]:
        """Authors with at least `min_posts` campaign posts who are no registered campaign account."""
        query = (
            sa.select(
                posts.c.platform,
                posts.c.author_id,
                sa.func.max(posts.c.author_handle),
                sa.func.max(posts.c.author_name),
                sa.func.count(),
                sa.func.min(posts.c.created_at),
                sa.func.max(posts.c.created_at),
            )
            .join(
                post_intake,
                (post_intake.c.platform == posts.c.platform) & (post_intake.c.post_id == posts.c.post_id),
            )
            .where(
                post_intake.c.campaign.is_(True),
                post_intake.c.paslon_id.is_(None),
                posts.c.platform.notin_(NOT_ACCOUNTS),
            )
            .group_by(posts.c.platform, posts.c.author_id)
            .having(sa.func.count() >= min_posts)
            .order_by(sa.func.count().desc(), posts.c.platform, posts.c.author_id)
        )
        with self.app.db.read() as conn:
            found = conn.execute(query).all()
            mentions = self._mentions(conn, [(r[0], r[1]) for r in found])
        return [
            UnregisteredAccount(
                r[0], r[1], r[2], r[3], r[4], mentions.get((r[0], r[1])), _utc(r[5]), _utc(r[6])
            )
            for r in found
        ]

    def _mentions(self, conn: sa.Connection, authors: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The paslon each author's campaign posts name most often."""
        found: dict[tuple[str, str], Counter[str]] = {}
        for platform, author in authors:
            rows = conn.execute(
                sa.select(post_intake.c.campaign_terms)
                .join(
                    posts,
                    (post_intake.c.platform == posts.c.platform) & (post_intake.c.post_id == posts.c.post_id),
                )
                .where(
                    posts.c.platform == platform,
                    posts.c.author_id == author,
                    post_intake.c.campaign.is_(True),
                )
            )
            counter = found.setdefault((platform, author), Counter())
            for (terms,) in rows:
                counter.update(t.removeprefix("paslon:") for t in terms or [] if t.startswith("paslon:"))
        return {k: c.most_common(1)[0][0] for k, c in found.items() if c}


def _utc(value: Any) -> datetime:
    """Aggregates keep the column type on both backends; plain text is a safety net for SQLite."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
