"""The cases capability as evidence's `CaseProvider` (registered in `awas.evidence.providers`).

Evidence names a case in its packages and *berita acara* through this provider, and gathers the
evidence of what the case was opened from: a case given by id (`12`) or number (`TM-2024-00012`)
answers with its number, title and status, and its subjects are the case itself (by id, the form
evidence links use), the detector finding and that finding's post, or the coordination cluster, it
came from. Reads are not logged here: evidence logs the export in its custody ledger.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases.queries import case_header
from awas.cases.repo import fetch_case
from awas.domain.cases import TemuanSource
from awas.evidence.providers import CaseHeader
from awas.evidence.records import Subject, SubjectType
from awas.store.tables import findings


class CaseEvidenceProvider:
    """`awas.evidence.providers.CaseProvider` over the `cases` tables."""

    def header(self, app: App, case_id: str) -> CaseHeader | None:
        """Number, title, status and routing facts of the case; None for a case that does not exist."""
        with app.db.read() as conn:  # first, so a database without cases needs no workflow catalogue
            if fetch_case(conn, case_id) is None:
                return None
        found = case_header(app, case_id)
        facts = {
            "jenis": found.kind,
            "kategori": found.category,
            "jalur": found.track,
            "penerus": found.handler,
            "TLP": found.tlp.upper(),
        }
        return CaseHeader(
            case_id=str(found.id),
            number=found.number,
            title=found.title,
            status=found.status_name,
            details={k: v for k, v in facts.items() if v},
        )

    def subjects(self, app: App, case_id: str) -> list[Subject]:
        """The case by id, and the finding (with its post) or cluster it was opened from."""
        with app.db.read() as conn:
            row = fetch_case(conn, case_id)
            if row is None:
                return []
            found = [Subject(SubjectType.CASE, str(row.id))]
            if row.source_type == TemuanSource.FINDING.value and str(row.source_id).isdigit():
                found += _finding_subjects(conn, int(row.source_id))
            elif row.source_type == TemuanSource.COORD_CLUSTER.value and row.source_id:
                found.append(Subject(SubjectType.CLUSTER, row.source_id))
        return found


def _finding_subjects(conn: Connection, finding_id: int) -> list[Subject]:
    query = sa.select(findings.c.subject_type, findings.c.subject_id).where(findings.c.id == finding_id)
    row = conn.execute(query).first()
    found = [Subject(SubjectType.FINDING, str(finding_id))]
    if row is not None and row.subject_type == SubjectType.POST.value:
        found.append(Subject(SubjectType.POST, row.subject_id))
    return found
