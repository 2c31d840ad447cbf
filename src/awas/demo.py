"""The demo: every capability shows itself on bundled data (`make demo` → `awas demo`).

Each capability adds one entry to DEMO_STEPS: a function `(app, actor) -> DemoResult`. Steps run in
order and are idempotent, so running the demo twice gives the same database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from awas.app import App
from awas.cli.output import err
from awas.core.registry import SetupError, resolve
from awas.reference.loader import load_package
from awas.reference.package import bundled_package_dir
from awas.reference.validate import validate_package


@dataclass
class DemoResult:
    title: str
    summary: dict[str, Any] = field(default_factory=dict)


DemoStep = Callable[[App, str], DemoResult]

# name → "module:function". Order matters: later steps use what earlier ones stored.
DEMO_STEPS: dict[str, str] = {
    "reference": "awas.demo:load_bundled_reference",
    "recap": "awas.recap.demo:run_recap_demo",
    "ingest": "awas.ingest.demo:demo_step",
    "detect": "awas.detect.demo:detect_demo",
    "cases": "awas.cases.demo:load_demo_cases",
    "evidence": "awas.evidence.demo:run_evidence_demo",
    "coord": "awas.coord.demo:detect_demo",
    "watch": "awas.watch.demo:run_watch_demo",
    "web": "awas.web.demo_step:prepare_dashboard",
}


def load_bundled_reference(app: App, actor: str) -> DemoResult:
    report = load_package(app.db, validate_package(bundled_package_dir()), actor=actor)
    app.reference.refresh()
    counts = app.reference.counts()
    return DemoResult(
        f"Data referensi {report.package} {report.version}",
        {
            "kab/kota": sum(1 for r in app.reference.regions.values() if r.level == "kabkota"),
            "kecamatan": sum(1 for r in app.reference.regions.values() if r.level == "kecamatan"),
            "desa/kelurahan": sum(1 for r in app.reference.regions.values() if r.level == "desa"),
            "pemilihan": counts["elections"],
            "pasangan calon": counts["paslon"],
            "kategori pelanggaran": counts["violation_categories"],
            "organisasi": counts["organisations"],
            "perubahan": "ya" if report.changed else "tidak (sudah dimuat)",
        },
    )


def run_demo(app: App, actor: str) -> Iterator[DemoResult]:
    """Run every demo step in order, yielding what each did."""
    app.upgrade_schema()
    for name, dotted in DEMO_STEPS.items():
        step: DemoStep = resolve(dotted)
        err.print(f"[dim]demo: {name}[/]")
        yield step(app, actor)


def serve_dashboard(app: App, host: str, port: int) -> None:
    """Serve the web dashboard (awas.web) if this installation has it."""
    try:
        serve = resolve("awas.web.server:serve")
    except (SetupError, AttributeError):
        err.print("Dasbor web belum tersedia pada instalasi ini; demo selesai.")
        return
    serve(app, host=host, port=port)
