"""Server-side SVG: the kab/kota choropleth (from the GeoJSON in `regions.geometry`), the kecamatan tile
grid, and sparklines. No JavaScript, no map library, nothing from a CDN.

Projection: equirectangular with the x axis scaled by cos(latitude of the map centre); at Jambi's
latitude (about 1.5° S) the distortion is far below a pixel. Kecamatan have no coordinates in the
reference data, so they are drawn as a tile grid: one square per kecamatan in code order, grouped by
kab/kota; tile positions carry no geography (stated under the grid).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

LEVEL_FILL = {"rendah": "#ffeda0", "sedang": "#feb24c", "tinggi": "#e31a1c"}  # ColorBrewer YlOrRd
NO_DATA_FILL = "#e8e8e8"
TILE_FILLS = ("#f4f4f4", "#ffeda0", "#fed976", "#fd8d3c", "#e31a1c")  # 0, then four classes
MAP_WIDTH = 640
PAD = 8


@dataclass(frozen=True, slots=True)
class Shape:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class MapShapes:
    shapes: tuple[Shape, ...]
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Area:
    """What to draw for one kab/kota: fill colour, hover text, link and a short label."""

    fill: str
    title: str
    href: str
    label: str


def project(features: Iterable[tuple[str, str, Mapping[str, Any]]], width: int = MAP_WIDTH) -> MapShapes:
    """Project (code, name, GeoJSON geometry) triples to SVG paths fitting `width` pixels."""
    items = [(code, name, _rings(geometry)) for code, name, geometry in features]
    points = [pt for _c, _n, rings in items for ring in rings for pt in ring]
    if not points:
        return MapShapes((), width, 0)
    lon0, lon1 = min(p[0] for p in points), max(p[0] for p in points)
    lat0, lat1 = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (width - 2 * PAD) / max((lon1 - lon0) * kx, 1e-9)
    height = int((lat1 - lat0) * scale + 2 * PAD)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return PAD + (lon - lon0) * kx * scale, PAD + (lat1 - lat) * scale

    shapes = tuple(_shape(code, name, rings, xy) for code, name, rings in items)
    return MapShapes(shapes, width, height)


def _rings(geometry: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def _shape(code: str, name: str, rings: list[list[tuple[float, float]]], xy: Any) -> Shape:
    parts = []
    for ring in rings:
        pts = [xy(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    outer = max(rings, key=len) if rings else []
    cx = sum(xy(lon, lat)[0] for lon, lat in outer) / max(len(outer), 1)
    cy = sum(xy(lon, lat)[1] for lon, lat in outer) / max(len(outer), 1)
    return Shape(code, name, "".join(parts), cx, cy)


def choropleth(shapes: MapShapes, areas: Mapping[str, Area], title: str) -> Markup:
    """The map as inline SVG: each kab/kota a link with a hover title; unknown units grey."""
    body = []
    for s in shapes.shapes:
        area = areas.get(s.code) or Area(NO_DATA_FILL, s.name, "", "")
        path = (
            f'<path d="{s.path}" fill="{area.fill}" stroke="#555" stroke-width="0.8">'
            f"<title>{escape(area.title)}</title></path>"
        )
        text = (
            f'<text x="{s.label_x:.0f}" y="{s.label_y:.0f}" class="map-label" text-anchor="middle">'
            f"{escape(area.label)}</text>"
        )
        body.append(f'<a href="{escape(area.href)}">{path}{text}</a>' if area.href else path + text)
    return Markup(
        f'<svg class="map" viewBox="0 0 {shapes.width} {shapes.height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


@dataclass(frozen=True, slots=True)
class Tile:
    code: str
    name: str
    group: str
    group_name: str
    value: int


def tile_fill(value: int, highest: int) -> str:
    if value <= 0 or highest <= 0:
        return TILE_FILLS[0]
    return TILE_FILLS[min(4, 1 + int(3.999 * value / highest))]


def tile_grid(tiles: Sequence[Tile], title: str, unit: str, columns: int = 3, size: int = 14) -> Markup:
    """Kecamatan as squares, grouped by kab/kota (blocks of ceil(sqrt(n)) columns), in code order."""
    groups: dict[str, list[Tile]] = {}
    for tile in sorted(tiles, key=lambda t: t.code):
        groups.setdefault(tile.group, []).append(tile)
    highest = max((t.value for t in tiles), default=0)
    block_w = size * 6 + 100  # room for the longest kab/kota name
    blocks, heights = [], []
    for i, (_group, members) in enumerate(sorted(groups.items())):
        cols = max(1, math.ceil(math.sqrt(len(members))))
        x0, y0 = (i % columns) * block_w, (i // columns) * (size * 7 + 24)
        cells = [
            f'<rect x="{x0 + (j % cols) * (size + 2)}" y="{y0 + 16 + (j // cols) * (size + 2)}" '
            f'width="{size}" height="{size}" fill="{tile_fill(t.value, highest)}" '
            f'stroke="#999" stroke-width="0.5">'
            f"<title>{escape(t.name)}: {t.value} {escape(unit)}</title></rect>"
            for j, t in enumerate(members)
        ]
        label = f'<text x="{x0}" y="{y0 + 11}" class="tile-label">{escape(members[0].group_name)}</text>'
        blocks.append(label + "".join(cells))
        heights.append(y0 + 16 + math.ceil(len(members) / cols) * (size + 2))
    width, height = columns * block_w, max(heights, default=0) + 4
    return Markup(
        f'<svg class="tiles" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(blocks)}</svg>'
    )


def sparkline(values: Sequence[float], width: int = 120, height: int = 28, top: float = 100.0) -> Markup:
    """A line of index values (0..top) over equally spaced snapshots; empty when fewer than 2."""
    if len(values) < 2:
        return Markup("")
    step = width / (len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values)
    )
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-hidden="true"><polyline points="{points}" fill="none" '
        f'stroke="#b10026" stroke-width="1.5"/></svg>'
    )
