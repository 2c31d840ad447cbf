"""Demo step: what the engines found becomes cases with evidence (after detect, coord and cases).

As the demo analyst (`analis.bawaslu`): the strongest coordination cluster (a paslon-linked one
first) is opened as a temuan with its posts captured; so is the strongest money-politics detection
finding with its post; the recap finding the recap step shows (C08 at TPS 1501092012003) becomes a
temuan, and a statistical F-rule finding is refused with its reason. The bundled evidence sample
pages (an invitation with cash handouts, a campaign at a mosque) are captured for the sample
money-politics laporan. Every part is idempotent: a second run opens and captures nothing new.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from awas.access.demo import ensure_demo_users
from awas.app import App
from awas.cases.access import Principal, principal_for
from awas.cases.demo import sample_case_id
from awas.cases.queries import case_header
from awas.coord.query import list_clusters
from awas.demo import DemoResult
from awas.errors import InputError
from awas.escalate.cluster import open_case_from_cluster
from awas.escalate.finding import open_case_from_finding
from awas.escalate.recap import open_case_from_recap_finding
from awas.escalate.records import Escalation
from awas.evidence.demo import sample_pages, sample_site
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.recap import queries as recap_queries
from awas.store.tables import findings

ANALYST = "analis.bawaslu"
FINDING_CATEGORY = "money_politics"
RECAP_EXAMPLE = ("C08", "1501092012003")
PAGES_FOR = "lp-politik-uang"


def escalate_demo(app: App, actor: str) -> DemoResult:
    del actor  # the demo analyst acts, as the audit log and custody ledger show
    ensure_demo_users(app)
    analyst = principal_for(app, ANALYST)
    summary: dict[str, Any] = {}
    for label, escalation in _escalations(app, analyst):
        summary[label] = _line(escalation)
    summary["skrining F (statistik)"] = _refused_screening(app, analyst)
    summary["halaman daring untuk laporan politik uang"] = _pages(app, analyst)
    return DemoResult("Dari temuan mesin ke perkara dan bukti", summary)


def _escalations(app: App, analyst: Principal) -> list[tuple[str, Escalation]]:
    done: list[tuple[str, Escalation]] = []
    clusters = list_clusters(app, limit=1000)
    if clusters:
        best = max(clusters, key=lambda r: (bool(r.paslon_ids), r.score, r.id))
        done.append((f"klaster {best.id}", open_case_from_cluster(app, analyst, best.id)))
    finding_id = _strongest_finding(app)
    if finding_id is not None:
        done.append((f"temuan deteksi {finding_id}", open_case_from_finding(app, analyst, finding_id)))
    recap_id = _recap_example(app)
    if recap_id is not None:
        done.append((f"temuan rekap {recap_id}", open_case_from_recap_finding(app, analyst, recap_id)))
    return done


def _line(escalation: Escalation) -> str:
    case, evidence = escalation.case, escalation.evidence
    state = "sudah ada" if case.merged else "baru"
    return (
        f"perkara {case.number} ({state}, {case.status}); bukti {len(evidence.captured)} diambil, "
        f"{len(evidence.already)} sudah ada"
    )


def _strongest_finding(app: App) -> int | None:
    query = (
        sa.select(findings.c.id)
        .where(findings.c.category == FINDING_CATEGORY, findings.c.post_pk.is_not(None))
        .order_by(findings.c.score.desc(), findings.c.id)
        .limit(1)
    )
    with app.db.read() as conn:
        found = conn.execute(query).scalar_one_or_none()
    return int(found) if found is not None else None


def _recap_example(app: App) -> int | None:
    rule, unit = RECAP_EXAMPLE
    found = recap_queries.findings(app, unit=unit, rules=(rule,), limit=1)
    return found[0].id if found else None


def _refused_screening(app: App, analyst: Principal) -> str:
    screening = recap_queries.findings(app, rules=("F01", "F02", "F03", "F04", "F05", "F06"), limit=1)
    if not screening:
        return "tidak ada"
    try:
        open_case_from_recap_finding(app, analyst, screening[0].id)
    except InputError as refused:
        return f"temuan {screening[0].id} ({screening[0].rule}) ditolak: {refused.problems[0].reason[:60]}…"
    return f"temuan {screening[0].id} dibuka (tidak diharapkan)"


def _pages(app: App, analyst: Principal) -> str:
    case_id = sample_case_id(app, PAGES_FOR)
    if case_id is None:
        return "laporan contoh tidak ada"
    svc = EvidenceService(app)
    case = Subject(SubjectType.CASE, str(case_id))
    number = case_header(app, case_id).number
    if any(svc.capture(a.capture_id).source_kind == "url" for a in svc.artefacts_of(case)):
        return f"perkara {number}: sudah diambil"
    with sample_site() as base:
        taken = [
            svc.capture_url(f"{base}/{name}", actor=analyst.username, reason="bukti laporan", subject=case)
            for name in sample_pages()
        ]
    return f"perkara {number}: {sum(c.stored for c in taken)} halaman diambil"
