"""The feeder interface: one fetch of one configured source, from its cursor.

How to write a feeder: subclass `Feeder`, set `kind`, implement `fetch(cursor)`. Use `self.fetcher`
for every HTTP request (it applies robots.txt, rate limits, retries and size limits) and return a
`FeedResult`: the posts found, record-level rejections, and the cursor to store for next time.
Raise `FetchError` when the source cannot be read at all; the runner quarantines the source with the
reason, keeps the old cursor, and goes on with the next source.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field, replace
from datetime import datetime

from awas.domain.posts import Post
from awas.ingest.fetcher import Fetcher
from awas.ingest.records import Rejection, Source
from awas.store.db import Database


@dataclass(frozen=True)
class Cursor:
    """Where a source's last fetch ended: HTTP validators and a feeder-specific position."""

    etag: str | None = None
    last_modified: str | None = None
    position: str | None = None
    last_fetch_at: datetime | None = None

    def after(self, **changes: str | None) -> Cursor:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass
class FeedResult:
    cursor: Cursor
    posts: list[Post] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    not_modified: bool = False

    def add(self, item: Post | Rejection) -> None:
        """A post or a rejection, each to its list."""
        if isinstance(item, Post):
            self.posts.append(item)
        else:
            self.rejections.append(item)


class Feeder(abc.ABC):
    kind: str = ""
    default_interval_s: int = 900

    def __init__(self, source: Source, fetcher: Fetcher, db: Database) -> None:
        self.source = source
        self.fetcher = fetcher
        self.db = db

    @abc.abstractmethod
    def fetch(self, cursor: Cursor) -> FeedResult:
        """Fetch new content since `cursor`; raises FetchError when the source cannot be read."""

    @property
    def interval_s(self) -> int:
        return int(self.source.config.get("interval_s", self.default_interval_s))
