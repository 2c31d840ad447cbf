"""The demo step: bundled local endpoints and posts give one incident of each kind; a second run
changes nothing."""

from __future__ import annotations

from awas.app import App
from awas.watch.demo import run_watch_demo
from awas.watch.service import WatchService


def test_the_demo_raises_each_incident_once_and_is_idempotent(app: App) -> None:
    first = run_watch_demo(app, "demo")
    kinds = sorted((i.category, i.kind) for i in WatchService(app).incidents())
    assert kinds == [
        ("data_leak", "post_leak"),
        ("defacement", "defacement"),
        ("defacement", "sirekap_final_changed"),
        ("phishing", "lookalike_domain"),
        ("service_outage", "outage"),
    ]
    assert first.summary["perkara dibuka"] == 5
    second = run_watch_demo(app, "demo")
    assert second.summary == first.summary
    assert not any(e.active for e in WatchService(app).endpoints())
