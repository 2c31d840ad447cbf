"""Overview panel: coordinated-behaviour clusters by kind, and the strongest ones."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.coord.query import KIND_LABELS, list_clusters
from awas.coord.tables import coord_clusters
from awas.timeutil import utcnow
from awas.web.cache import VersionedCache
from awas.web.panels import PanelProvider

_cache = VersionedCache(ttl=60.0)
TOP = 5


class TopCluster(BaseModel):
    id: str
    kind_label: str
    score: float
    n_accounts: int
    registered_accounts: int


class ClustersPanelData(BaseModel):
    computed_at: datetime
    total: int
    by_kind: dict[str, int]
    strongest: list[TopCluster]


def clusters_version(core: App) -> tuple[object, int]:
    with core.db.read() as conn:
        row = conn.execute(sa.select(sa.func.max(coord_clusters.c.updated_at), sa.func.count())).one()
    return row[0], int(row[1])


class ClustersPanel(PanelProvider):
    key = "clusters"
    title_key = "panel.clusters.title"
    template = "panels/clusters.html"
    permission = "clusters.view"
    order = 40

    def build(self, core: App, principal: Principal) -> ClustersPanelData:
        return _cache.get(core.db.describe(), lambda: clusters_version(core), lambda: _compute(core))


def _compute(core: App) -> ClustersPanelData:
    query = sa.select(coord_clusters.c.kind, sa.func.count()).group_by(coord_clusters.c.kind)
    with core.db.read() as conn:
        by_kind = {KIND_LABELS.get(k, k): int(n) for k, n in conn.execute(query)}
    top = list_clusters(core, limit=TOP)
    return ClustersPanelData(
        computed_at=utcnow(),
        total=sum(by_kind.values()),
        by_kind=by_kind,
        strongest=[
            TopCluster(
                id=c.id,
                kind_label=KIND_LABELS.get(c.kind, c.kind.value),
                score=c.score,
                n_accounts=c.n_accounts,
                registered_accounts=c.registered_accounts,
            )
            for c in top
        ],
    )
