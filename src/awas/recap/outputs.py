"""Write an audit's results: JSON (specs §6), CSV (the findings table) or HTML with fingerprints."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path

from awas.app import App
from awas.recap.fingerprint import render_fingerprints
from awas.recap.report_html import render_report
from awas.recap.service import AuditRun
from awas.recap.store import recap_dir
from awas.timeutil import to_wib, utcnow


class AuditFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    HTML = "html"


def audit_text(run: AuditRun, fmt: AuditFormat) -> str:
    """JSON or CSV text of an audit (HTML needs a folder for its images: use `write_html`)."""
    if fmt is AuditFormat.JSON:
        return run.outcome.json_text()
    findings = run.outcome.findings
    if len(run.outcome.families) <= 1:
        findings = findings.drop("race")
    buffer = io.StringIO()
    findings.write_csv(buffer)
    return buffer.getvalue()


def default_report_path(app: App) -> Path:
    return recap_dir(app) / "reports" / f"audit-{to_wib(utcnow()):%Y%m%d-%H%M%S}.html"


def write_html(app: App, run: AuditRun, out: Path) -> list[Path]:
    """Write the HTML report to `out` and its fingerprint PNGs beside it; return every file written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    names = {r.plain_code: r.name for r in app.reference.regions.values()}
    images: list[Path] = []
    for race, prints in run.outcome.fingerprints.items():
        images += render_fingerprints(prints, out.parent / f"{out.stem}-gambar", names, race)
    out.write_text(render_report(run.outcome, run.snapshots, images, out.parent), encoding="utf-8")
    return [out, *images]
