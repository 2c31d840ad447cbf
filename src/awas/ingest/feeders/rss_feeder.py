"""News feeds (RSS 2.0, Atom, RDF) with full-article extraction.

1. conditional GET of the feed (ETag / Last-Modified from the cursor; a 304 ends the run);
2. parse with feedparser; a response that is HTML or no feed at all is refused (FetchError);
3. entries not newer than the cursor position (newest entry time seen) are skipped;
4. each new entry's article page is fetched (same politeness rules) and its main text extracted with
   trafilatura; when that fails the entry summary is used and the reason noted in `raw`.
Each article becomes a `news` post identified by the entry's id (RSS guid / Atom id; the canonical
link when the feed gives none), so the same article fetched again changes nothing.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html
import trafilatura
from lxml.etree import ParserError

from awas.domain.posts import Post
from awas.ingest.feeders.base import Cursor, Feeder, FeedResult
from awas.ingest.fetcher import FetchError
from awas.ingest.records import Rejection
from awas.ingest.steps.urls_step import canonical_url
from awas.timeutil import utcnow

FEED_TYPES = ("xml", "rss", "atom", "rdf")
MAX_ENTRIES = 200


class RssFeeder(Feeder):
    kind = "rss"

    def fetch(self, cursor: Cursor) -> FeedResult:
        got = self.fetcher.get(self.source.url, etag=cursor.etag, last_modified=cursor.last_modified)
        if got.not_modified:
            return FeedResult(cursor, not_modified=True)
        parsed = feedparser.parse(got.body)
        if not parsed.entries and (parsed.bozo or "html" in got.content_type):
            looks = "halaman HTML" if b"<html" in got.body[:2048].lower() else "isi yang tidak dikenali"
            raise FetchError(f"{self.source.url} bukan umpan RSS/Atom ({looks})")
        since = _parse_position(cursor.position)
        result = FeedResult(
            cursor.after(etag=got.headers.get("etag"), last_modified=got.headers.get("last-modified"))
        )
        newest = since
        for entry in parsed.entries[:MAX_ENTRIES]:
            published = _entry_time(entry)
            if since and published and published <= since:
                continue
            item = self._article(entry, parsed.feed, published)
            result.add(item)
            if published and (newest is None or published > newest):
                newest = published
        result.cursor = result.cursor.after(position=newest.isoformat() if newest else cursor.position)
        return result

    def _article(self, entry: Any, feed: Any, published: datetime | None) -> Post | Rejection:
        link = entry.get("link") or entry.get("id")
        if not link:
            return Rejection(self.source.url, "entri umpan tanpa tautan maupun id", field="link")
        guid = entry.get("id") or link  # the feed's own identity of the article (RSS guid, Atom id)
        text, note = self._full_text(link, entry)
        title = entry.get("title", "")
        return Post(
            platform="news",
            post_id=canonical_url(guid) if guid.startswith(("http://", "https://")) else guid,
            author_id=self.source.name,
            author_handle=self.source.name,
            author_name=entry.get("author") or feed.get("title") or self.source.name,
            text=f"{title}\n\n{text}".strip(),
            created_at=published or utcnow(),
            url=link,
            hashtags=tuple(
                t.get("term", "").replace(" ", "") for t in entry.get("tags", []) if t.get("term")
            ),
            raw={
                "feed": self.source.url,
                "entry": _plain(entry),
                "extraction": note,
                "time_from": "entry" if published else "fetch",
            },
        )

    def _full_text(self, link: str, entry: Any) -> tuple[str, str]:
        summary = _strip_tags(entry.get("summary", ""))
        if self.source.config.get("full_text", True) is False:
            return summary, "ringkasan (ekstraksi artikel dimatikan)"
        try:
            page = self.fetcher.get(link)
        except FetchError as exc:
            return summary, f"ringkasan (artikel tidak dapat diambil: {exc})"
        text = trafilatura.extract(page.body.decode("utf-8", errors="replace"), include_comments=False)
        return (text, "artikel lengkap") if text else (summary, "ringkasan (artikel tidak dapat diekstrak)")


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def _parse_position(position: str | None) -> datetime | None:
    return datetime.fromisoformat(position) if position else None


def _plain(entry: Any) -> dict[str, Any]:
    """The entry as JSON-safe data (feedparser adds time tuples that JSON cannot hold)."""
    return {
        k: v for k, v in entry.items() if not k.endswith("_parsed") and isinstance(v, str | int | list | dict)
    }


def _strip_tags(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    try:
        return " ".join(lxml.html.fromstring(fragment).text_content().split())
    except (ParserError, ValueError):
        return fragment.strip()
