"""Coordinated-behaviour clusters per 100,000 voters (awas.coord tables).

A cluster counts for a kab/kota when it was active in the window (its first post by `as_of`, its last
after the window start) and at least `MIN_SHARE` of its posts that carry a region are in that kab/kota
(so a province-wide network counts where it concentrates, and possibly in several places).
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from awas.coord.tables import coord_cluster_posts, coord_clusters
from awas.risk.indicators.base import IndicatorContext, IndicatorProvider, IndicatorSpec
from awas.store.tables import posts

KABKOTA = 5
MIN_SHARE = 0.25


class CoordinatedClustersIndicator(IndicatorProvider):
    spec = IndicatorSpec(
        key="coordinated_clusters",
        label_id="Klaster akun terkoordinasi per 100.000 pemilih",
        label_en="Coordinated account clusters per 100,000 voters",
        unit="klaster/100rb pemilih",
        weight=1.0,
        saturation=2.0,
        description=(
            f"Klaster akun yang bergerak serentak, aktif dalam jendela waktu, dengan sedikitnya "
            f"{MIN_SHARE:.0%} unggahan berwilayahnya di kab/kota itu, per 100.000 pemilih."
        ),
    )

    def measure(self, ctx: IndicatorContext) -> dict[str, float]:
        unit = sa.func.substr(posts.c.region_code, 1, KABKOTA)
        query = (
            sa.select(coord_cluster_posts.c.cluster_id, unit, sa.func.count())
            .join(posts, posts.c.id == coord_cluster_posts.c.post_pk)
            .join(coord_clusters, coord_clusters.c.id == coord_cluster_posts.c.cluster_id)
            .where(
                coord_clusters.c.first_at <= ctx.as_of,
                coord_clusters.c.last_at >= ctx.window_start,
                sa.func.length(posts.c.region_code) >= KABKOTA,
            )
            .group_by(coord_cluster_posts.c.cluster_id, unit)
        )
        with ctx.db.read() as conn:
            rows = conn.execute(query).all()
        located: dict[str, int] = defaultdict(int)
        for cluster_id, _code, n in rows:
            located[cluster_id] += int(n)
        counts: dict[str, float] = defaultdict(float)
        for cluster_id, code, n in rows:
            if int(n) >= MIN_SHARE * located[cluster_id]:
                counts[str(code)] += 1.0
        return ctx.per_voters(counts, per=100_000)
