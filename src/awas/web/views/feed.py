"""The content feed: findings with their posts and explanations, filters, keyset pages, and the
analyst's confirm/reject (recorded by `awas.detect.review.review_finding`, which feeds retraining)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from awas.access.permissions import Principal, can_access, register_object_policy
from awas.app import App
from awas.detect.review import review_finding
from awas.domain.findings import ReviewStatus
from awas.domain.posts import PLATFORMS
from awas.errors import NotFoundError
from awas.web.deps import CoreDep, CsrfDep, PrincipalDep, TranslatorDep, require
from awas.web.feed import AccountFilter, FeedFilter, FeedItem, feed_page, finding_region
from awas.web.formatting import is_web_url
from awas.web.labels import (
    Option,
    category_names,
    handler_names,
    kabkota_names,
    options,
    paslon_names,
    per_app,
)
from awas.web.pages import add_page
from awas.web.rendering import flash
from awas.web.views.auth import safe_next

router = APIRouter()
FindingId = Annotated[int, Path(ge=1, le=2**62)]
ReviewPrincipal = Annotated[Principal, Depends(require("findings.review"))]
RegionCode = Annotated[str | None, Query(pattern=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", max_length=13)]


def _finding_policy(principal: Principal, region_code: str | None) -> bool:
    """A kab/kota office sees the findings of its region only (those without a region: province).
    The feed query applies the same rule in SQL (`FeedFilter.region_scope`)."""
    scope = principal.region_scope
    if scope is None:
        return True
    return region_code is not None and (region_code == scope or region_code.startswith(scope + "."))


register_object_policy("finding", _finding_policy)


class SegmentOut(BaseModel):
    text: str
    marked: bool


class EvidenceOut(BaseModel):
    kind: str
    text: str
    start: int | None = None
    end: int | None = None
    weight: float | None = None
    detail: str | None = None


class FeedItemOut(BaseModel):
    id: int
    category: str
    category_label: str
    score: float
    review_status: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    handler: str | None
    handler_label: str | None
    paslon_id: str | None
    paslon_label: str | None
    region_code: str | None
    legal_basis: list[str]
    detector: str
    model_version: str
    evidence: list[EvidenceOut]
    created_at: datetime
    platform: str | None
    post_id: str | None
    author: str | None
    url: str | None
    posted_at: datetime | None
    registered_paslon_id: str | None
    segments: list[SegmentOut]
    truncated: bool


class FeedFilters(BaseModel):
    category: str | None
    platform: str | None
    paslon: str | None
    region: str | None
    since: date | None
    until: date | None
    account: AccountFilter | None
    status: ReviewStatus | None


class FeedPage(BaseModel):
    filters: FeedFilters
    items: list[FeedItemOut]
    next_after: int | None
    newer_before: int | None
    region_scope: str | None
    may_review: bool
    query: str = Field(default="", exclude=True)  # the filters as a query string, for the pager links
    here: str = Field(default="/feed", exclude=True)  # this page (filters and cursor): back after a review
    categories: list[Option] = Field(default_factory=list, exclude=True)
    platforms: list[str] = Field(default_factory=list, exclude=True)
    paslon: list[Option] = Field(default_factory=list, exclude=True)
    regions: list[Option] = Field(default_factory=list, exclude=True)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _evidence(raw: dict[str, object]) -> dict[str, object]:
    """One evidence entry as stored by detection, with only well-typed values kept."""
    start, end, detail = raw.get("start"), raw.get("end"), raw.get("detail")
    return {
        "kind": str(raw.get("kind", "")),
        "text": str(raw.get("text", ""))[:500],
        "start": start if type(start) is int else None,
        "end": end if type(end) is int else None,
        "weight": _number(raw.get("weight")),
        "detail": str(detail)[:500] if detail is not None else None,
    }


def _out(item: FeedItem, labels: dict[str, dict[str, str]]) -> FeedItemOut:
    """The item as the page shows it, validated from a plain dict in one call (pydantic-core's validator
    is three times faster than constructing the nested models one by one in Python)."""
    fields = {
        "id": item.id,
        "category": item.category,
        "category_label": labels["category"].get(item.category, item.category),
        "score": item.score,
        "review_status": item.review_status,
        "reviewed_by": item.reviewed_by,
        "reviewed_at": item.reviewed_at,
        "review_note": item.review_note,
        "handler": item.handler,
        "handler_label": labels["handler"].get(item.handler or "", item.handler),
        "paslon_id": item.paslon_id,
        "paslon_label": labels["paslon"].get(item.paslon_id or "", item.paslon_id),
        "region_code": item.region_code,
        "legal_basis": list(item.legal_basis),
        "detector": item.detector,
        "model_version": item.detector_version,
        "evidence": [_evidence(e) for e in item.evidence],
        "created_at": item.created_at,
        "platform": item.platform,
        "post_id": item.post_id,
        "author": item.author,
        "url": item.url if is_web_url(item.url) else None,
        "posted_at": item.posted_at,
        "registered_paslon_id": item.registered_paslon_id,
        "segments": [{"text": s.text, "marked": s.marked} for s in item.segments],
        "truncated": item.truncated,
    }
    return FeedItemOut.model_validate(fields)


def content_feed(
    principal: PrincipalDep,
    core: CoreDep,
    t: TranslatorDep,
    category: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")] = None,
    platform: Annotated[Literal[PLATFORMS] | None, Query()] = None,  # type: ignore[valid-type]
    paslon: Annotated[str | None, Query(max_length=48, pattern=r"^[\w.-]+#\d{1,2}$")] = None,
    region: RegionCode = None,
    since: date | None = None,
    until: date | None = None,
    account: AccountFilter | None = None,
    status: ReviewStatus | None = None,
    after: Annotated[int | None, Query(ge=1, le=2**62, description="older than this finding id")] = None,
    before: Annotated[int | None, Query(ge=0, le=2**62, description="newer than this finding id")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
) -> FeedPage:
    """Findings newest first; `after`/`before` are the keyset cursors of the next/newer page."""
    wanted = FeedFilter(
        category,
        platform,
        paslon,
        region,
        since,
        until,
        account,
        status.value if status else None,
        after,
        before,
        limit,
        principal.region_scope,
    )
    result = feed_page(core, wanted)
    labels = {
        "category": category_names(core, t.lang),
        "handler": handler_names(core),
        "paslon": paslon_names(core),
    }
    filters = FeedFilters(
        category=category,
        platform=platform,
        paslon=paslon,
        region=region,
        since=since,
        until=until,
        account=account,
        status=status,
    )
    return FeedPage(
        filters=filters,
        items=[_out(i, labels) for i in result.items],
        next_after=result.next_after,
        newer_before=result.newer_before,
        region_scope=principal.region_scope,
        may_review=principal.can("findings.review"),
        query=_query_string(filters, limit),
        here=_here(_query_string(filters, limit), after, before),
        categories=per_app(core, ("category_options", t.lang), lambda: options(labels["category"])),
        platforms=list(PLATFORMS),
        paslon=per_app(core, "paslon_options", lambda: options(labels["paslon"], sort_by_label=False)),
        regions=per_app(core, ("region_options", principal.region_scope), lambda: _regions(core, principal)),
    )


def _regions(core: App, principal: Principal) -> list[Option]:
    names = kabkota_names(core)
    scope = principal.region_scope
    return options({k: v for k, v in names.items() if scope is None or k == scope}, sort_by_label=False)


def _query_string(filters: FeedFilters, limit: int) -> str:
    from urllib.parse import urlencode

    values = {k: str(v.value if hasattr(v, "value") else v) for k, v in filters.model_dump().items() if v}
    if limit != 25:
        values["limit"] = str(limit)
    return urlencode(values)


def _here(query: str, after: int | None, before: int | None) -> str:
    cursor = f"after={after}" if after is not None else f"before={before}" if before is not None else ""
    joined = "&".join(part for part in (query, cursor) if part)
    return f"/feed?{joined}" if joined else "/feed"


class ReviewIn(BaseModel):
    status: Literal[ReviewStatus.CONFIRMED, ReviewStatus.REJECTED]
    note: str | None = Field(default=None, max_length=1000, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")


class ReviewOut(BaseModel):
    id: int
    review_status: str
    reviewed_by: str


def _review(core: App, principal: Principal, finding_id: int, body: ReviewIn) -> ReviewOut:
    """Record the review if the finding exists within the reviewer's region; NotFoundError otherwise."""
    exists, region = finding_region(core, finding_id)
    if not exists or not can_access(principal, "finding", region):
        raise NotFoundError(f"temuan {finding_id} tidak ditemukan")
    note = (body.note or "").strip() or None
    review_finding(core, finding_id, ReviewStatus(body.status), principal.user.username, note)
    return ReviewOut(id=finding_id, review_status=body.status.value, reviewed_by=principal.user.username)


@router.post("/api/findings/{finding_id}/review", tags=["feed"], dependencies=[CsrfDep])
def review_finding_api(
    finding_id: FindingId, body: ReviewIn, principal: ReviewPrincipal, core: CoreDep
) -> ReviewOut:
    """Confirm or reject a finding (the label goes to `awas detect export-labels` for retraining)."""
    return _review(core, principal, finding_id, body)


@router.post("/feed/{finding_id}/review", include_in_schema=False, dependencies=[CsrfDep])
def review_finding_form(
    request: Request,
    finding_id: FindingId,
    principal: ReviewPrincipal,
    core: CoreDep,
    status: Annotated[Literal["confirmed", "rejected"], Form()],
    note: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/feed",
) -> RedirectResponse:
    _review(core, principal, finding_id, ReviewIn(status=ReviewStatus(status), note=note or None))
    flash(request, f"feed.reviewed_{status}", f"#{finding_id}")
    return RedirectResponse(f"{safe_next(next)}#finding-{finding_id}", status_code=303)


add_page(router, "/feed", content_feed, template="feed.html", permission="feed.view", tag="feed")
