"""Watched web pages: fetch, extract the visible text, and store each changed version with a diff.

Reusable by any capability that watches pages (the election-infrastructure watch builds on it):
`PageWatch(db, fetcher).check(url)` fetches the page and returns the new `PageVersion` when its
visible text changed since the last stored version (the first fetch is version 1, with an empty
diff), or None when nothing changed. `versions(url)` lists what was stored, oldest first.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from datetime import datetime

import lxml.html
import sqlalchemy as sa
from lxml.etree import ParserError

from awas.ingest.fetcher import Fetched, Fetcher
from awas.ingest.tables import page_versions
from awas.store.db import Database
from awas.timeutil import utcnow

INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg")
BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "main",
    "aside",
)


@dataclass(frozen=True)
class PageVersion:
    url: str
    version: int
    fetched_at: datetime
    content_sha256: str
    text_sha256: str
    title: str
    text: str
    diff: str
    added_lines: int
    removed_lines: int


def visible_text(html: bytes) -> tuple[str, str]:
    """(title, visible text with one line per block) of an HTML page; ("", "") for empty input."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return "", html.decode("utf-8", errors="replace").strip()
    for bad in root.xpath("|".join(f"//{t}" for t in INVISIBLE_TAGS)):
        bad.drop_tree()
    title = " ".join((root.findtext(".//title") or "").split())
    for block in root.iter(*BLOCK_TAGS):  # one line per block, even in HTML written without newlines
        block.tail = "\n" + (block.tail or "")
    body = root.find("body")
    lines = (
        " ".join(line.split()) for line in (body if body is not None else root).text_content().splitlines()
    )
    return title, "\n".join(line for line in lines if line)


def text_diff(old: str, new: str) -> tuple[str, int, int]:
    """Unified diff (one line of context) and counts of added and removed lines."""
    lines = list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), "sebelumnya", "sekarang", lineterm="", n=1)
    )
    added = sum(1 for ln in lines if ln.startswith("+") and not ln.startswith("+++"))
    removed = sum(1 for ln in lines if ln.startswith("-") and not ln.startswith("---"))
    return "\n".join(lines), added, removed


class PageWatch:
    def __init__(self, db: Database, fetcher: Fetcher) -> None:
        self.db = db
        self.fetcher = fetcher

    def check(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> tuple[PageVersion | None, Fetched]:
        """Fetch `url` (conditionally) and store a new version if its text changed; raises FetchError."""
        fetched = self.fetcher.get(url, etag=etag, last_modified=last_modified)
        if fetched.not_modified:
            return None, fetched
        return self.record(url, fetched.body), fetched

    def record(self, url: str, body: bytes, when: datetime | None = None) -> PageVersion | None:
        """Store `body` as the next version of `url` unless its visible text equals the latest one."""
        title, text = visible_text(body)
        text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self.db.transaction() as conn:
            latest = conn.execute(
                sa.select(page_versions)
                .where(page_versions.c.url == url)
                .order_by(page_versions.c.version.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.text_sha256 == text_sha:
                return None
            diff, added, removed = (
                text_diff(latest.text, text) if latest is not None else ("", len(text.splitlines()), 0)
            )
            version = PageVersion(
                url,
                (latest.version + 1) if latest is not None else 1,
                when or utcnow(),
                hashlib.sha256(body).hexdigest(),
                text_sha,
                title,
                text,
                diff,
                added,
                removed,
            )
            conn.execute(page_versions.insert().values(**version.__dict__))
        return version

    def versions(self, url: str) -> list[PageVersion]:
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(page_versions).where(page_versions.c.url == url).order_by(page_versions.c.version)
            )
            return [PageVersion(**{k: v for k, v in r._mapping.items() if k != "id"}) for r in rows]
