"""The canonical post (specs/posts-jsonl.md): every feeder and importer produces this record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PLATFORMS = (
    "x",
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "telegram",
    "whatsapp",
    "news",
    "web",
    "tip",
    "other",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """One piece of content. (`platform`, `post_id`) is its identity; `created_at` is aware UTC."""

    platform: str
    post_id: str
    author_id: str
    text: str
    created_at: datetime
    author_handle: str | None = None
    author_name: str | None = None
    author_created_at: datetime | None = None
    url: str | None = None
    urls: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    reply_to: str | None = None
    repost_of: str | None = None
    quote_of: str | None = None
    media: tuple[dict[str, Any], ...] = ()
    metrics: dict[str, int] = field(default_factory=dict)
    lang: str | None = None
    region: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.post_id)
