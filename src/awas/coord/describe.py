"""A cluster described for people and for the case workflow (Bahasa Indonesia)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from awas.app import App
from awas.coord.config import Kind
from awas.coord.query import KIND_LABELS, ClusterAccount, ClusterPost, get_cluster
from awas.timeutil import to_wib

TITLE_LIMIT = 200  # TemuanInput.summary allows 200 characters


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """What `open_temuan` (source_type COORD_CLUSTER, source_id=`cluster_id`) and evidence need."""

    cluster_id: str
    kind: Kind
    title: str
    description: str
    score: float
    first_at: datetime  # occurred_at of a temuan
    last_at: datetime
    detected_at: datetime  # known_at of a temuan
    accounts: tuple[ClusterAccount, ...]
    posts: tuple[ClusterPost, ...]  # capture each (post_pk) as evidence
    paslon_ids: tuple[str, ...]
    registered_accounts: tuple[str, ...]
    unregistered_accounts: tuple[str, ...]
    suggested_category: str | None  # a category id of the legal catalogue, when one fits


def describe_cluster(app: App, cluster_id: str) -> ClusterSummary:
    """The summary of a stored cluster; raises NotFoundError for an unknown id."""
    detail = get_cluster(app, cluster_id)
    row = detail.row
    registered = tuple(a.account for a in detail.accounts if a.registered_paslon_id)
    unregistered = tuple(a.account for a in detail.accounts if not a.registered_paslon_id)
    paslon = _paslon_names(app, row.paslon_ids)
    title = f"Dugaan aktivitas terkoordinasi: {row.n_accounts} akun, {KIND_LABELS[row.kind]}"
    if paslon:
        title += f" terkait {paslon[0]}"
    lines = [
        f"{row.n_accounts} akun mengunggah {row.n_posts} konten dengan {KIND_LABELS[row.kind]} "
        f"dalam jendela {detail.window_s} detik, {_span(row.first_at, row.last_at)}.",
        f"Skor koordinasi {row.score:.2f} (0-1).",
        f"Akun kampanye terdaftar: {len(registered)}; tidak terdaftar: {len(unregistered)}.",
    ]
    if paslon:
        lines.append("Pasangan calon terkait: " + "; ".join(paslon) + ".")
    if detail.items:
        lines.append("Yang dibagikan: " + " | ".join(i[:200] for i in detail.items[:3]))
    category = "unregistered_campaign_account" if row.paslon_ids and unregistered else None
    return ClusterSummary(
        row.id,
        row.kind,
        title[:TITLE_LIMIT],
        "\n".join(lines),
        row.score,
        row.first_at,
        row.last_at,
        detail.detected_at,
        detail.accounts,
        detail.posts,
        row.paslon_ids,
        registered,
        unregistered,
        category,
    )


def _span(first: datetime, last: datetime) -> str:
    start, end = to_wib(first), to_wib(last)
    return f"{start:%d-%m-%Y %H:%M} s.d. {end:%d-%m-%Y %H:%M} WIB"


def _paslon_names(app: App, paslon_ids: tuple[str, ...]) -> list[str]:
    known = app.reference.paslon
    return [f"{known[p].name} ({p})" if p in known else p for p in paslon_ids]
