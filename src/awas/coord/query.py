"""Typed read side of stored clusters: the clusters page (web), case evidence and `awas coord show`.

`list_clusters(app, ...) -> list[ClusterRow]`, `get_cluster(app, id) -> ClusterDetail`,
`describe_cluster(app, id) -> ClusterSummary` (title and description in Bahasa Indonesia, for the
cases engineer's `open_temuan` with `TemuanSource.COORD_CLUSTER` and for evidence capture of its
posts). Unknown ids raise `NotFoundError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.coord.config import Kind
from awas.coord.records import Cluster, ClusterEdge, ClusterFeatures
from awas.coord.tables import coord_cluster_accounts, coord_cluster_posts, coord_clusters
from awas.errors import NotFoundError
from awas.store.tables import posts

KIND_LABELS = {
    Kind.NEAR_DUPLICATE_TEXT: "teks salin-tempel (hampir sama)",
    Kind.CO_LINK: "tautan yang sama",
    Kind.CO_HASHTAG: "kumpulan tagar yang sama",
    Kind.CO_REPOST: "unggah ulang/balasan ke sasaran yang sama",
}


@dataclass(frozen=True, slots=True)
class ClusterRow:
    id: str
    kind: Kind
    score: float
    n_accounts: int
    n_posts: int
    first_at: datetime
    last_at: datetime
    paslon_ids: tuple[str, ...]
    registered_accounts: int


@dataclass(frozen=True, slots=True)
class ClusterAccount:
    account: str
    platform: str
    author_id: str
    handle: str | None
    registered_paslon_id: str | None  # None: not a registered campaign account


@dataclass(frozen=True, slots=True)
class ClusterPost:
    platform: str
    post_id: str
    post_pk: int | None  # posts.id, for evidence capture (EvidenceService.capture_post(pk=...))
    author_id: str | None
    created_at: datetime | None
    text: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ClusterDetail:
    row: ClusterRow
    accounts: tuple[ClusterAccount, ...]
    posts: tuple[ClusterPost, ...]
    window_s: int
    features: dict[str, Any]
    items: tuple[str, ...]
    edges: tuple[dict[str, Any], ...]
    detected_at: datetime
    updated_at: datetime


def _row(r: Any, registered: int) -> ClusterRow:
    return ClusterRow(
        r.id,
        Kind(r.kind),
        r.score,
        r.n_accounts,
        r.n_posts,
        r.first_at,
        r.last_at,
        tuple(r.paslon_ids),
        registered,
    )


def list_clusters(
    app: App,
    *,
    kind: Kind | None = None,
    min_score: float = 0.0,
    account: str | None = None,
    paslon_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ClusterRow]:
    """Stored clusters, strongest first, filtered by kind, score, member account."""
    registered = (
        sa.select(sa.func.count())
        .where(coord_cluster_accounts.c.cluster_id == coord_clusters.c.id)
        .where(coord_cluster_accounts.c.registered_paslon_id.is_not(None))
        .scalar_subquery()
    )
    query = sa.select(coord_clusters, registered.label("registered")).where(
        coord_clusters.c.score >= min_score
    )
    if kind is not None:
        query = query.where(coord_clusters.c.kind == kind.value)
    if account is not None:
        members = sa.select(coord_cluster_accounts.c.cluster_id).where(
            coord_cluster_accounts.c.account == account
        )
        query = query.where(coord_clusters.c.id.in_(members))
    query = query.order_by(coord_clusters.c.score.desc(), coord_clusters.c.id).limit(limit).offset(offset)
    with app.db.read() as conn:
        rows = [_row(r, int(r.registered)) for r in conn.execute(query)]
    return [r for r in rows if paslon_id is None or paslon_id in r.paslon_ids]


def get_cluster(app: App, cluster_id: str) -> ClusterDetail:
    """One stored cluster with its accounts and posts; NotFoundError when it does not exist."""
    with app.db.read() as conn:
        r = conn.execute(sa.select(coord_clusters).where(coord_clusters.c.id == cluster_id)).first()
        if r is None:
            raise NotFoundError(f"klaster {cluster_id} tidak ada")
        accounts = tuple(
            ClusterAccount(a.account, a.platform, a.author_id, a.handle, a.registered_paslon_id)
            for a in conn.execute(
                sa.select(coord_cluster_accounts)
                .where(coord_cluster_accounts.c.cluster_id == cluster_id)
                .order_by(coord_cluster_accounts.c.account)
            )
        )
        found = conn.execute(
            sa.select(coord_cluster_posts, posts.c.author_id, posts.c.created_at, posts.c.text, posts.c.url)
            .outerjoin(posts, posts.c.id == coord_cluster_posts.c.post_pk)
            .where(coord_cluster_posts.c.cluster_id == cluster_id)
            .order_by(posts.c.created_at, coord_cluster_posts.c.post_id)
        )
        cluster_posts = tuple(
            ClusterPost(p.platform, p.post_id, p.post_pk, p.author_id, p.created_at, p.text or "", p.url)
            for p in found
        )
    registered = sum(1 for a in accounts if a.registered_paslon_id)
    return ClusterDetail(
        _row(r, registered),
        accounts,
        cluster_posts,
        r.window_s,
        dict(r.features),
        tuple(r.items),
        tuple(r.edges),
        r.detected_at,
        r.updated_at,
    )


def stored_clusters(app: App, cluster_ids: list[str] | None = None, limit: int = 500) -> list[Cluster]:
    """Stored clusters as engine records (for exports and pictures); all, strongest first, by default."""
    ids = cluster_ids or [r.id for r in list_clusters(app, limit=limit)]
    return [as_cluster(get_cluster(app, cluster_id)) for cluster_id in ids]


def as_cluster(detail: ClusterDetail) -> Cluster:
    features = dict(detail.features)
    return Cluster(
        id=detail.row.id,
        kind=detail.row.kind,
        accounts=tuple(a.account for a in detail.accounts),
        posts=tuple((p.platform, p.post_id) for p in detail.posts),
        score=detail.row.score,
        first_at=detail.row.first_at,
        last_at=detail.row.last_at,
        features=ClusterFeatures(**features),
        edges=tuple(ClusterEdge(**e) for e in detail.edges),
        items=detail.items,
    )
