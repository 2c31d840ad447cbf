"""Hostile hosts: one that hangs, one that sends an endless body, one that redirects forever, one with
an untrusted certificate, one whose content changes on every request. Cycles stay bounded in time,
nothing of the bodies is stored, every failure is recorded with its reason, and there is no
incident storm: one outage per broken host, none for the rotating page or the bad certificate
seen from the start."""

from __future__ import annotations

import random
import time
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.ingest.tables import page_versions
from awas.watch.service import WatchService
from tests.evidence.servers import TestCA
from tests.watch.conftest import add, checks_of, cycles
from tests.watch.servers import (
    Site,
    hang,
    huge,
    normal_page,
    page,
    redirect_forever,
    serve_site,
    server_context,
)


def test_hostile_hosts_cost_bounded_time_and_raise_one_outage_each(
    app: App, watch: WatchService, tmp_path: Path
) -> None:
    rng = random.Random(5)
    rotating = Site({"/": page(lambda: normal_page(rng).replace(b"<nav>", f"<nav>{rng.random()}".encode()))})
    hanging, endless, looping = (
        Site({"/": hang, "/robots.txt": hang}),
        Site({"/": huge}),
        Site({"*": redirect_forever}),
    )
    untrusted = Site({"/": page(normal_page)})
    stranger = TestCA.create("tidak dipercaya")
    with (
        serve_site(rotating),
        serve_site(hanging),
        serve_site(endless),
        serve_site(looping),
        serve_site(untrusted, tls=server_context(stranger, tmp_path)),
    ):
        ids = {
            name: add(watch, s.base + "/").id
            for name, s in (
                ("rotating", rotating),
                ("hang", hanging),
                ("huge", endless),
                ("loop", looping),
                ("tls", untrusted),
            )
        }
        started = time.monotonic()
        opened = cycles(watch, 4)
        elapsed = time.monotonic() - started
    assert elapsed < 4 * (watch.settings.deadline_s + 4)
    incidents = [watch.incident(i) for i in opened]
    assert sorted((i.endpoint_id, i.category) for i in incidents) == sorted(
        (ids[name], "service_outage") for name in ("hang", "huge", "loop")
    )
    codes = {name: {code for code, _ in checks_of(app, ids[name])} for name in ids}
    assert codes == {
        "rotating": {"ok"},
        "hang": {"timeout"},
        "huge": {"too_large"},
        "loop": {"redirects"},
        "tls": {"tls"},
    }
    assert all(reason for name in ("hang", "huge", "loop", "tls") for _, reason in checks_of(app, ids[name]))
    with app.db.read() as conn:
        versions = conn.execute(sa.select(sa.func.count()).select_from(page_versions)).scalar_one()
    assert versions <= 1  # the rotating page's changes are volatile lines, not new versions
