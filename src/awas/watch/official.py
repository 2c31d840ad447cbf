"""The official domains look-alikes are compared against: the bundled list (`data/official_domains.csv`:
kpu.go.id, bawaslu.go.id, the province's) plus the registrable domain of every watched endpoint
(paslon sites added to the watch list become official at once)."""

from __future__ import annotations

import csv
from pathlib import Path

from awas.app import App
from awas.watch.domains import Official, official, split_domain
from awas.watch.endpoints import EndpointStore

OFFICIAL_FILE = Path(__file__).parent / "data" / "official_domains.csv"


def bundled_officials(path: Path = OFFICIAL_FILE) -> list[Official]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = [official(r["domain"], r.get("owner", "")) for r in rows]
    return [o for o in found if o is not None]


def official_domains(app: App) -> list[Official]:
    items = {o.domain: o for o in bundled_officials()}
    for endpoint in EndpointStore(app).all():
        from urllib.parse import urlsplit

        host = (urlsplit(endpoint.url).hostname or "").lower()
        parts = split_domain(host)
        if parts is not None and parts[0] not in items:
            found = official(parts[0], endpoint.name)
            if found is not None and "." in found.domain:
                items[found.domain] = found
    return list(items.values())
