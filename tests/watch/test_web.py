"""The status board page and its JSON twin: endpoints and incidents shown, numbers masked, and the
page closed to partner liaisons."""

from __future__ import annotations

import json
from pathlib import Path

from awas.access.demo import ensure_demo_users
from awas.app import App
from awas.watch.config import WatchSettings
from awas.watch.service import WatchService
from tests.watch.conftest import add, cycles
from tests.watch.servers import Site, page, serve_site
from tests.watch.test_posts import NIKS, OFFER, _import
from tests.web.conftest import new_client, sign_in


def test_the_board_shows_endpoints_and_masked_incidents(
    app: App, settings: WatchSettings, tmp_path: Path
) -> None:
    ensure_demo_users(app)
    watch = WatchService(app, settings)
    site = Site({"/": page(b"<html><title>KPU</title><body><p>Halo</p></body></html>")})
    with serve_site(site):
        add(watch, site.base + "/", name="KPU Demo Lokal", owner_kind="kpu")
        cycles(watch, 1)
    _import(app, tmp_path, [{"platform": "x", "post_id": "9001", "text": OFFER}])
    watch.scan_posts()
    client = sign_in(new_client(app), "analis.bawaslu")
    html = client.get("/watch").text
    data = client.get("/api/watch").json()
    assert "KPU Demo Lokal" in html and "kebocoran data pemilih" in html
    assert data["counts"] == {"data_leak": 1} and data["endpoints"][0]["status"] == "up"
    assert not any(n in html or n in json.dumps(data) for n in NIKS)
    liaison = sign_in(new_client(app), "liaison.kpu")
    assert liaison.get("/api/watch").status_code == 403
