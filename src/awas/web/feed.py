"""The content feed: detection findings with their posts, filtered, newest first, in keyset pages.

One query per page: findings walked backwards by id (an index on (category, id) or (paslon_id, id)
when those filters are set), each joined to its post by primary key and to the post's intake
annotations by (platform, post_id) for the registered-account filter. No OFFSET and no COUNT: a page
costs the same on page 1 and page 1,000. The explanation of each finding (evidence spans, legal basis,
handler, model version) is read from the finding row as detection stored it; nothing is recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.ingest.tables import post_intake
from awas.store.tables import findings, posts
from awas.timeutil import WIB

MAX_TEXT = 2_000  # characters of a post shown in the feed; the rest is cut with an ellipsis


class AccountFilter(StrEnum):
    REGISTERED = "registered"  # the author is a registered campaign account of a paslon
    UNREGISTERED = "unregistered"


@dataclass(frozen=True, slots=True)
class FeedFilter:
    """What the reader asked for; `region_scope` is what they may see (a kab/kota code or None)."""

    category: str | None = None
    platform: str | None = None
    paslon_id: str | None = None
    region: str | None = None
    since: date | None = None
    until: date | None = None
    account: AccountFilter | None = None
    review_status: str | None = None
    after: int | None = None
    before: int | None = None
    limit: int = 25
    region_scope: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    marked: bool


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: int
    category: str
    score: float
    review_status: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    handler: str | None
    paslon_id: str | None
    election_id: str | None
    region_code: str | None
    detector: str
    detector_version: str
    legal_basis: tuple[str, ...]
    evidence: tuple[dict[str, Any], ...]
    created_at: datetime
    platform: str | None
    post_id: str | None
    author: str | None
    url: str | None
    posted_at: datetime | None
    registered_paslon_id: str | None
    segments: tuple[Segment, ...]
    truncated: bool


@dataclass(frozen=True, slots=True)
class FeedResult:
    items: list[FeedItem]
    next_after: int | None  # older page: ?after=
    newer_before: int | None  # newer page: ?before=


_COLUMNS = (
    findings.c.id,
    findings.c.category,
    findings.c.score,
    findings.c.review_status,
    findings.c.reviewed_by,
    findings.c.reviewed_at,
    findings.c.review_note,
    findings.c.handler,
    findings.c.paslon_id,
    findings.c.election_id,
    findings.c.region_code,
    findings.c.detector,
    findings.c.detector_version,
    findings.c.legal_basis,
    findings.c.evidence,
    findings.c.created_at,
    posts.c.platform,
    posts.c.post_id,
    posts.c.author_handle,
    posts.c.author_id,
    posts.c.url,
    posts.c.created_at.label("posted_at"),
    posts.c.text,
    post_intake.c.paslon_id.label("registered_paslon_id"),
)
_FROM = findings.outerjoin(posts, posts.c.id == findings.c.post_pk).outerjoin(
    post_intake, sa.and_(post_intake.c.platform == posts.c.platform, post_intake.c.post_id == posts.c.post_id)
)


def region_condition(column: sa.ColumnElement[Any], code: str) -> sa.ColumnElement[bool]:
    """`code` itself or any region below it: dotted codes have fixed-width parts, so a prefix of the
    code's length is exact. Written as `substr` on purpose: no index serves it, so the database walks
    findings newest first and stops after a page (a region holds ~1/11 of them) instead of collecting
    every finding of the region through the region index and sorting them by id."""
    return sa.func.substr(column, 1, len(code)) == code


def _conditions(f: FeedFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    for column, value in (
        (findings.c.category, f.category),
        (findings.c.paslon_id, f.paslon_id),
        (posts.c.platform, f.platform),
        (findings.c.review_status, f.review_status),
    ):
        if value:
            where.append(column == value)
    for code in (f.region_scope, f.region):
        if code:
            where.append(region_condition(findings.c.region_code, code))
    if f.since:
        where.append(posts.c.created_at >= _wib_midnight(f.since))
    if f.until:
        where.append(posts.c.created_at < _wib_midnight(f.until + timedelta(days=1)))
    if f.account is AccountFilter.REGISTERED:
        where.append(post_intake.c.paslon_id.is_not(None))
    elif f.account is AccountFilter.UNREGISTERED:
        where.append(post_intake.c.paslon_id.is_(None))
    return where


def _wib_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=WIB)


def feed_query(f: FeedFilter) -> sa.Select[Any]:
    """The page's query: `limit + 1` rows, so the caller knows whether another page exists."""
    query = sa.select(*_COLUMNS).select_from(_FROM).where(*_conditions(f))
    if f.before is not None:
        return query.where(findings.c.id > f.before).order_by(findings.c.id.asc()).limit(f.limit + 1)
    if f.after is not None:
        query = query.where(findings.c.id < f.after)
    return query.order_by(findings.c.id.desc()).limit(f.limit + 1)


def feed_page(core: App, f: FeedFilter) -> FeedResult:
    """One page of the feed, newest first."""
    with core.db.read() as conn:
        rows = list(conn.execute(feed_query(f)).all())
    more = len(rows) > f.limit
    rows = rows[: f.limit]
    if f.before is not None:
        rows.reverse()
    items = [_item(r) for r in rows]
    older = items[-1].id if items and (more or f.before is not None) else None
    newer = items[0].id if items and (f.after is not None or (f.before is not None and more)) else None
    return FeedResult(items, older, newer)


def finding_region(core: App, finding_id: int) -> tuple[bool, str | None]:
    """(exists, region code) of a finding, for the access check before a review."""
    with core.db.read() as conn:
        row = conn.execute(sa.select(findings.c.region_code).where(findings.c.id == finding_id)).first()
    return (row is not None, row[0] if row is not None else None)


def _item(r: Any) -> FeedItem:
    text = r.text or ""
    evidence = tuple(e for e in (r.evidence or ()) if isinstance(e, dict))
    return FeedItem(
        id=r.id,
        category=r.category,
        score=r.score,
        review_status=r.review_status,
        reviewed_by=r.reviewed_by,
        reviewed_at=r.reviewed_at,
        review_note=r.review_note,
        handler=r.handler,
        paslon_id=r.paslon_id,
        election_id=r.election_id,
        region_code=r.region_code,
        detector=r.detector,
        detector_version=r.detector_version,
        legal_basis=tuple(str(b) for b in r.legal_basis or ()),
        evidence=evidence,
        created_at=r.created_at,
        platform=r.platform,
        post_id=r.post_id,
        author=r.author_handle or r.author_id,
        url=r.url,
        posted_at=r.posted_at,
        registered_paslon_id=r.registered_paslon_id,
        segments=highlight(text[:MAX_TEXT], evidence),
        truncated=len(text) > MAX_TEXT,
    )


def highlight(text: str, evidence: tuple[dict[str, Any], ...]) -> tuple[Segment, ...]:
    """`text` cut into plain and marked pieces at the evidence spans (overlaps merged, out-of-range
    offsets ignored). Pieces are plain text: the template escapes them."""
    ranges = sorted(
        (int(e["start"]), int(e["end"]))
        for e in evidence
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int) and 0 <= e["start"] < e["end"]
    )
    merged: list[list[int]] = []
    for start, end in ranges:
        end = min(end, len(text))
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments, position = [], 0
    for start, end in merged:
        if start > position:
            segments.append(Segment(text[position:start], False))
        segments.append(Segment(text[start:end], True))
        position = end
    if position < len(text) or not segments:
        segments.append(Segment(text[position:], False))
    return tuple(segments)
