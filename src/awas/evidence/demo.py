"""Demo step: export and verify the evidence package of every case that has evidence.

Earlier demo steps captured evidence for real cases: `awas.escalate`'s step captured the posts of
the cases opened from a detection finding and from a coordination cluster, and the bundled sample
pages (served on loopback by `sample_site`) for a sample laporan. Each of those cases gets its
package (named by the case number, with a *berita acara* naming the case through the cases
capability's provider), exported once and verified on every run. Idempotent: a package already
written is not exported again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.demo import DemoResult
from awas.evidence.package_verify import verify_package
from awas.evidence.providers import case_header
from awas.evidence.records import SubjectType
from awas.evidence.service import EvidenceService
from awas.evidence.tables import evidence_links
from awas.ingest.localserve import serve_folder

SAMPLES = Path(__file__).parent / "samples"


@contextmanager
def sample_site() -> Iterator[str]:
    """Serve the bundled sample pages on loopback (intake's folder server); yields the base URL."""
    with serve_folder(SAMPLES) as base:
        yield base


def sample_pages() -> list[str]:
    """File names of the bundled sample pages, in order."""
    return sorted(p.name for p in SAMPLES.glob("*.html"))


def cases_with_evidence(app: App) -> list[str]:
    """Ids of the cases that have evidence linked, in id order."""
    query = (
        sa.select(evidence_links.c.subject_id)
        .where(evidence_links.c.subject_type == SubjectType.CASE.value)
        .distinct()
    )
    with app.db.read() as conn:
        found = list(conn.execute(query).scalars())
    return sorted(found, key=lambda ref: (not ref.isdigit(), int(ref) if ref.isdigit() else 0, ref))


def run_evidence_demo(app: App, actor: str) -> DemoResult:
    """Export (once) and verify the package of every case with evidence; summarise each."""
    svc = EvidenceService(app)
    folder = app.settings.resolved_data_dir / "evidence-packages"
    summary: dict[str, Any] = {}
    for case_id in cases_with_evidence(app):
        header = case_header(app, case_id)
        out = folder / f"{header.number}.zip"
        if not out.exists():
            svc.export(case_id, out, actor=actor, reason="demo: paket bukti untuk Gakkumdu")
        report = verify_package(out)
        state = "utuh" if report.ok else "TIDAK UTUH: " + "; ".join(report.problems[:3])
        summary[f"paket {header.number}"] = (
            f"{state}: {report.artefacts} artefak, {report.entries} entri lacak"
        )
    if not summary:
        summary["paket"] = "belum ada perkara dengan bukti"
    return DemoResult("Bukti digital, paket perkara dan catatan lacak", summary)
