"""Demo step: capture bundled sample pages from a loopback web server and the stored posts that have
findings, attach them to a demo case, export its package and verify it.

Idempotent: when the demo case already has evidence, nothing new is captured; the package is
exported again only if its file is missing, and always verified.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.demo import DemoResult
from awas.evidence.package_verify import verify_package
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.store.tables import findings

SAMPLES = Path(__file__).parent / "samples"
DEMO_CASE = "DEMO-2024-001"
MAX_POSTS = 20


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass


@contextmanager
def sample_site() -> Iterator[str]:
    """Serve the bundled sample pages on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(SAMPLES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _posts_with_findings(app: App) -> list[int]:
    query = (
        sa.select(findings.c.post_pk)
        .where(findings.c.post_pk.is_not(None))
        .distinct()
        .order_by(findings.c.post_pk)
    )
    with app.db.read() as conn:
        return [int(pk) for pk in conn.execute(query.limit(MAX_POSTS)).scalars()]


def _capture_all(svc: EvidenceService, actor: str, case: Subject) -> tuple[int, int, int]:
    pages = sorted(p.name for p in SAMPLES.glob("*.html"))
    with sample_site() as base:
        results = [
            svc.capture_url(f"{base}/{name}", actor=actor, reason="demo: temuan daring", subject=case)
            for name in pages
        ]
    post_pks = _posts_with_findings(svc.app)
    for pk in post_pks:
        results.append(svc.capture_post(actor=actor, pk=pk, reason="demo: pos dengan temuan", subject=case))
    return sum(r.stored for r in results), sum(not r.stored for r in results), len(post_pks)


def run_evidence_demo(app: App, actor: str) -> DemoResult:
    svc = EvidenceService(app)
    case = Subject(SubjectType.CASE, DEMO_CASE)
    stored = failed = posts = 0
    if not svc.artefacts_of(case):
        stored, failed, posts = _capture_all(svc, actor, case)
    out = app.settings.resolved_data_dir / "evidence-packages" / f"{DEMO_CASE}.zip"
    if not out.exists():
        svc.export(DEMO_CASE, out, actor=actor, reason="demo: paket bukti untuk Gakkumdu")
    report = verify_package(out)
    return DemoResult(
        "Bukti digital dan catatan lacak",
        {
            "pengambilan baru (halaman + pos)": stored,
            "pengambilan gagal": failed,
            "pos bertemuan yang diambil": posts,
            "artefak pada kasus demo": len(svc.artefacts_of(case)),
            "paket": str(out),
            "paket utuh": "ya" if report.ok else "TIDAK: " + "; ".join(report.problems[:3]),
        },
    )
