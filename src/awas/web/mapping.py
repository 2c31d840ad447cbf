"""Builds the vulnerability map's data and SVG from `awas.risk` (cached: the index changes slowly)."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from awas.app import App
from awas.risk.findings_stats import latest_finding_id
from awas.risk.service import KecamatanTile, RiskMap, RiskService, TrendPoint
from awas.risk.tables import risk_snapshots
from awas.store.tables import regions
from awas.web.cache import VersionedCache
from awas.web.formatting import format_number
from awas.web.svgmap import LEVEL_FILL, Area, MapShapes, Tile, choropleth, project, tile_grid

_risk_cache = VersionedCache(ttl=30.0)
_shapes: dict[str, MapShapes] = {}


def risk_version(core: App) -> tuple[int, int]:
    """A cheap stamp that changes with every new finding and every new snapshot."""
    query = sa.select(sa.func.max(risk_snapshots.c.id))
    with core.db.read() as conn:
        return latest_finding_id(conn), int(conn.execute(query).scalar() or 0)


def current_risk(core: App) -> tuple[RiskMap, list[KecamatanTile]]:
    """The index now, recomputed when findings or snapshots change, or after 30 s."""
    service = RiskService(core)
    return _risk_cache.get(
        core.db.describe(), lambda: risk_version(core), lambda: (service.compute(), service.kecamatan_tiles())
    )


def kabkota_shapes(core: App) -> MapShapes:
    key = core.db.describe()
    if key not in _shapes:
        query = sa.select(regions.c.code, regions.c.name, regions.c.geometry).where(
            regions.c.level == "kabkota", regions.c.geometry.is_not(None)
        )
        with core.db.read() as conn:
            _shapes[key] = project(
                (r.code, r.name, r.geometry) for r in conn.execute(query.order_by(regions.c.code))
            )
    return _shapes[key]


def risk_map_svg(core: App, risk: RiskMap, title: str, lang: str) -> str:
    areas = {
        u.facts.code: Area(
            fill=LEVEL_FILL[u.level.value],
            title=f"{u.facts.name}: {format_number(u.index, lang, 1)} ({u.level.value})",
            href=f"/map/{u.facts.code}",
            label=format_number(u.index, lang, 0),
        )
        for u in risk.units
    }
    return str(choropleth(kabkota_shapes(core), areas, title))


def kecamatan_svg(tiles: list[KecamatanTile], names: dict[str, str], title: str, unit: str) -> str:
    return str(
        tile_grid(
            [Tile(t.code, t.name, t.kabkota, names.get(t.kabkota, t.kabkota), t.findings) for t in tiles],
            title,
            unit,
        )
    )


def trend_by_unit(points: list[TrendPoint]) -> dict[str, list[TrendPoint]]:
    grouped: dict[str, list[TrendPoint]] = defaultdict(list)
    for point in points:
        grouped[point.region_code].append(point)
    return dict(grouped)
