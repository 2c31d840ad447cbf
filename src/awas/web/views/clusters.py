"""Coordinated-behaviour clusters: the list (strongest first, filters), a cluster's page (accounts,
registered or not, posts, features) and its network picture (`awas.coord.export.network_png`)."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel

from awas.app import App
from awas.coord.config import Kind
from awas.coord.query import KIND_LABELS, ClusterDetail, ClusterRow, as_cluster, get_cluster, list_clusters
from awas.web.deps import CoreDep, require
from awas.web.formatting import is_web_url
from awas.web.labels import paslon_names
from awas.web.pages import add_page

router = APIRouter()
ClusterId = Annotated[
    str, Path(pattern=r"^[a-z]{3}-[0-9a-f]{4,40}$", description="cluster id, e.g. ndt-ffa6d9d0aa")
]
ClustersGuard = Depends(require("clusters.view"))
PAGE = 50
TEXT_SHOWN = 600


class ClusterOut(BaseModel):
    id: str
    kind: str
    kind_label: str
    score: float
    n_accounts: int
    n_posts: int
    first_at: datetime
    last_at: datetime
    paslon: list[str]
    registered_accounts: int


def _row(r: ClusterRow, names: dict[str, str]) -> ClusterOut:
    return ClusterOut(
        id=r.id,
        kind=r.kind.value,
        kind_label=KIND_LABELS.get(r.kind, r.kind.value),
        score=r.score,
        n_accounts=r.n_accounts,
        n_posts=r.n_posts,
        first_at=r.first_at,
        last_at=r.last_at,
        paslon=[names.get(p, p) for p in r.paslon_ids],
        registered_accounts=r.registered_accounts,
    )


class ClustersPage(BaseModel):
    clusters: list[ClusterOut]
    kind: Kind | None
    min_score: float
    offset: int
    more: bool
    kinds: dict[str, str]


def clusters_list(
    core: CoreDep,
    kind: Kind | None = None,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ClustersPage:
    """Stored clusters, strongest first, `PAGE` at a time."""
    rows = list_clusters(core, kind=kind, min_score=min_score, limit=PAGE + 1, offset=offset)
    names = paslon_names(core)
    return ClustersPage(
        clusters=[_row(r, names) for r in rows[:PAGE]],
        kind=kind,
        min_score=min_score,
        offset=offset,
        more=len(rows) > PAGE,
        kinds={k.value: v for k, v in KIND_LABELS.items()},
    )


class AccountOut(BaseModel):
    account: str
    platform: str
    handle: str | None
    registered_paslon: str | None


class PostOut(BaseModel):
    platform: str
    post_id: str
    author_id: str | None
    created_at: datetime | None
    text: str
    url: str | None


class ClusterPage(BaseModel):
    cluster: ClusterOut
    accounts: list[AccountOut]
    posts: list[PostOut]
    window_s: int
    features: dict[str, Any]
    items: list[str]
    detected_at: datetime
    updated_at: datetime


def cluster_page(core: CoreDep, cluster_id: ClusterId) -> ClusterPage:
    """One cluster (404 for an unknown id)."""
    d = get_cluster(core, cluster_id)
    names = paslon_names(core)
    return ClusterPage(
        cluster=_row(d.row, names),
        accounts=[
            AccountOut(
                account=a.account,
                platform=a.platform,
                handle=a.handle,
                registered_paslon=names.get(a.registered_paslon_id or "", a.registered_paslon_id),
            )
            for a in d.accounts
        ],
        posts=[
            PostOut(
                platform=p.platform,
                post_id=p.post_id,
                author_id=p.author_id,
                created_at=p.created_at,
                text=p.text[:TEXT_SHOWN],
                url=p.url if is_web_url(p.url) else None,
            )
            for p in d.posts
        ],
        window_s=d.window_s,
        features=d.features,
        items=list(d.items)[:200],
        detected_at=d.detected_at,
        updated_at=d.updated_at,
    )


_pictures: dict[tuple[str, str, datetime], bytes] = {}
_lock = threading.Lock()


def network_picture(core: App, detail: ClusterDetail) -> bytes:
    """The PNG of one cluster's network, drawn once per version of the cluster (drawing takes ~0.5 s)."""
    from awas.coord.export import network_png

    key = (core.db.describe(), detail.row.id, detail.updated_at)
    with _lock:
        cached = _pictures.get(key)
    if cached is None:
        registered = {a.account: a.registered_paslon_id for a in detail.accounts if a.registered_paslon_id}
        cached = network_png([as_cluster(detail)], title=f"{detail.row.id}", registered=registered)
        with _lock:
            if len(_pictures) > 64:
                _pictures.clear()
            _pictures[key] = cached
    return cached


@router.get("/clusters/{cluster_id}/network.png", include_in_schema=False, dependencies=[ClustersGuard])
@router.get(
    "/api/clusters/{cluster_id}/network.png",
    tags=["clusters"],
    response_class=Response,
    dependencies=[ClustersGuard],
)
def cluster_network(cluster_id: ClusterId, core: CoreDep) -> Response:
    """The cluster's network: accounts coloured by cluster, registered campaign accounts ringed (PNG)."""
    png = network_picture(core, get_cluster(core, cluster_id))
    return Response(png, media_type="image/png")


add_page(
    router,
    "/clusters",
    clusters_list,
    template="clusters/list.html",
    permission="clusters.view",
    tag="clusters",
)
add_page(
    router,
    "/clusters/{cluster_id}",
    cluster_page,
    template="clusters/detail.html",
    permission="clusters.view",
    tag="clusters",
)
