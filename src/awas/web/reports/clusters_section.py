"""Report section: coordinated-behaviour clusters active in the week, strongest first."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.coord.query import KIND_LABELS
from awas.coord.tables import coord_clusters
from awas.web.reports import ReportWeek, SectionProvider

SHOWN = 15


class WeekCluster(BaseModel):
    id: str
    kind: str
    score: float
    n_accounts: int
    n_posts: int
    first_at: datetime
    last_at: datetime


class ClustersSectionData(BaseModel):
    active: int
    new: int
    clusters: list[WeekCluster]


class ClustersSection(SectionProvider):
    key = "clusters"
    title_key = "report.clusters.title"
    template = "report_sections/clusters.html"
    order = 50

    def build(self, core: App, principal: Principal, week: ReportWeek, lang: str) -> ClustersSectionData:
        c = coord_clusters
        active = sa.and_(c.c.first_at < week.end, c.c.last_at >= week.start)
        with core.db.read() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(c).where(active)).scalar_one()
            new = conn.execute(
                sa.select(sa.func.count())
                .select_from(c)
                .where(c.c.first_at >= week.start, c.c.first_at < week.end)
            ).scalar_one()
            rows = conn.execute(
                sa.select(c).where(active).order_by(c.c.score.desc(), c.c.id).limit(SHOWN)
            ).all()
        return ClustersSectionData(
            active=int(total),
            new=int(new),
            clusters=[
                WeekCluster(
                    id=r.id,
                    kind=KIND_LABELS.get(r.kind, r.kind),
                    score=r.score,
                    n_accounts=r.n_accounts,
                    n_posts=r.n_posts,
                    first_at=r.first_at,
                    last_at=r.last_at,
                )
                for r in rows
            ],
        )
