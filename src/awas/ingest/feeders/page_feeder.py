"""Watched web pages (`kind: page`): each changed version becomes a `web` post and a stored version
with its diff (see `awas.ingest.pagewatch`). An unchanged page adds nothing."""

from __future__ import annotations

from awas.domain.posts import Post
from awas.ingest.feeders.base import Cursor, Feeder, FeedResult
from awas.ingest.pagewatch import PageWatch
from awas.ingest.steps.urls_step import canonical_url


class PageFeeder(Feeder):
    kind = "page"
    default_interval_s = 3600

    def fetch(self, cursor: Cursor) -> FeedResult:
        version, fetched = PageWatch(self.db, self.fetcher).check(
            self.source.url, etag=cursor.etag, last_modified=cursor.last_modified
        )
        after = cursor.after(
            etag=fetched.headers.get("etag"), last_modified=fetched.headers.get("last-modified")
        )
        if version is None:
            return FeedResult(after, not_modified=True)
        post = Post(
            platform="web",
            post_id=f"{canonical_url(self.source.url)}@{version.text_sha256[:16]}",
            author_id=self.source.name,
            author_handle=self.source.name,
            author_name=version.title or self.source.name,
            text=version.text,
            created_at=version.fetched_at,
            url=self.source.url,
            raw={
                "url": self.source.url,
                "version": version.version,
                "content_sha256": version.content_sha256,
                "added_lines": version.added_lines,
                "removed_lines": version.removed_lines,
            },
        )
        return FeedResult(after.after(position=str(version.version)), posts=[post])
