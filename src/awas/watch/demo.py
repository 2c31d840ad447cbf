"""Demo step: the watch on bundled local endpoints (served on loopback in-process).

1. serve a KPU page, a Bawaslu page and a Sirekap TPS record; point one endpoint at a closed port;
2. two cycles learn the baselines (and see the closed port fail: an outage);
3. deface the KPU page and change a final Sirekap value; two more cycles raise their incidents;
4. import the sample posts (through intake and detection) and scan them: a "data DPT" offer
   (a leak) and a look-alike KPU link;
5. deactivate the demo endpoints (their server is gone once the demo ends).
Idempotent: when the demo endpoints already exist, nothing is run again; the result is reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from awas.app import App
from awas.demo import DemoResult
from awas.detect.service import run_detection
from awas.ingest.service import IngestService
from awas.watch.config import load_watch_settings
from awas.watch.endpoints import EndpointInput
from awas.watch.localsite import closed_port, serve_pages
from awas.watch.service import WatchService

SAMPLES = Path(__file__).parent / "samples"
DEMO_SOURCE = "demo awas (lokal)"
TPS = "/pilkada/hhcw/pkwkp/15/1571/157101/1571011001/1571011001001.json"


def run_watch_demo(app: App, actor: str) -> DemoResult:
    settings = load_watch_settings(
        host_interval_s=0,
        timeout_s=2,
        deadline_s=5,
        learn_checks=2,
        confirm_checks=1,
        outage_after=2,
        workers=4,
    )
    svc = WatchService(app, settings)
    if not any(e.source == DEMO_SOURCE for e in svc.endpoints()):
        _run_scenario(svc, actor)
        IngestService(app).import_file(SAMPLES / "posts.jsonl", "jsonl", actor=actor)
        # The detection step ran before these posts arrived; in service its worker picks them up.
        run_detection(app, actor)
        svc.scan_posts()
    return _result(svc)


def _run_scenario(svc: WatchService, actor: str) -> None:
    site = SAMPLES / "site"
    pages = {
        "/kpu": (site / "kpu.html").read_bytes(),
        "/bawaslu": (site / "bawaslu.html").read_bytes(),
        TPS: (site / "1571011001001.json").read_bytes(),
    }
    with serve_pages(pages) as base:
        urls = _add_endpoints(svc, base, actor)
        for _ in range(2):
            svc.run_cycle(actor=actor)
        pages["/kpu"] = (site / "kpu-defaced.html").read_bytes()
        pages[TPS] = (site / "1571011001001-changed.json").read_bytes()
        for _ in range(2):
            svc.run_cycle(actor=actor)
    for url in urls:
        svc.set_active(url, False, actor=actor)


def _add_endpoints(svc: WatchService, base: str, actor: str) -> list[str]:
    items = [
        EndpointInput(f"{base}/kpu", "site", "Demo: KPU Kota Jambi (lokal)", "kpu", "kpu-15.71", "15.71"),
        EndpointInput(
            f"{base}/bawaslu", "site", "Demo: Bawaslu Provinsi Jambi (lokal)", "bawaslu", "bawaslu-15", "15"
        ),
        EndpointInput(
            f"{base}{TPS}",
            "sirekap_json",
            "Demo: Sirekap TPS 001 Simpang IV Sipin (lokal)",
            "sirekap",
            "kpu-15",
            "15",
        ),
        EndpointInput(
            f"http://127.0.0.1:{closed_port()}/", "site", "Demo: situs paslon (lokal, mati)", "paslon"
        ),
    ]
    items = [_with_source(i) for i in items]
    return [svc.add(item, actor=actor).url for item in items]


def _with_source(item: EndpointInput) -> EndpointInput:
    values: dict[str, Any] = {name: getattr(item, name) for name in item.__slots__}
    return EndpointInput(**(values | {"source": DEMO_SOURCE}))


def _result(svc: WatchService) -> DemoResult:
    incidents = svc.incidents()
    by_category: dict[str, int] = {}
    for incident in incidents:
        by_category[incident.category] = by_category.get(incident.category, 0) + 1
    summary: dict[str, Any] = {"titik pantau": len(svc.endpoints()), "insiden": len(incidents)}
    summary |= {f"insiden {k}": v for k, v in sorted(by_category.items())}
    summary["perkara dibuka"] = sum(1 for i in incidents if i.case_number)
    return DemoResult("Pemantauan infrastruktur pemilihan (situs lokal)", summary)
