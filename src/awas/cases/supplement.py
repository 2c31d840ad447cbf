"""Completing a report (status `perlu_dilengkapi`): the pelapor adds NIK, signature, evidence or
details; the syarat formil/materiil are checked again and the new result stored on the case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases import requirements as req
from awas.cases.access import MANAGE_ROLES, Principal, Refusal, in_owner_scope, refusals, visible_case
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.identity import open_identity, redact, redact_optional, seal_identity
from awas.cases.intake import within_report_window
from awas.cases.intake_models import LaporanSupplement
from awas.cases.intake_store import case_identity_terms
from awas.cases.records import RequirementResult
from awas.cases.repo import claim, retrying
from awas.cases.tables import case_reporters
from awas.domain.audit import AuditEvent
from awas.store.audit import append_audit
from awas.timeutil import utcnow

BEFORE_REGISTRATION = frozenset({"diterima", "kajian_awal", "perlu_dilengkapi"})


def supplement_laporan(
    app: App, principal: Principal, ref: str | int, data: LaporanSupplement, *, now: datetime | None = None
) -> tuple[RequirementResult, ...]:
    """Add what the pelapor supplied to the report and re-check its requirements; return the new results.

    Raises NotFoundError / PermissionDenied (logged) for a case out of reach, not a laporan, or past
    registration.
    """
    now = now or utcnow()
    catalogue = workflow_catalogue(app)
    action = "melengkapi laporan"

    def attempt() -> tuple[RequirementResult, ...]:
        with app.db.transaction() as conn:
            row = visible_case(conn, catalogue, principal, ref, action, lock=True)
            if principal.role not in MANAGE_ROLES or not in_owner_scope(catalogue, principal, row):
                raise Refusal(action, "hanya admin atau analis Bawaslu pemilik perkara")
            if row.kind != "laporan" or row.status not in BEFORE_REGISTRATION:
                raise Refusal(action, f"hanya laporan yang belum diregistrasi (status {row.status})")
            terms = case_identity_terms(app, conn, row.id) + ([data.nik] if data.nik else [])
            reporter = _update_reporter(app, conn, row.id, data, terms)
            results = _recheck(catalogue, row, reporter, data, terms)
            version = claim(conn, row, _case_values(row, data, terms, results), now)
            _audit(conn, principal, row, version, results)
            return results

    with refusals(app, principal, str(ref)):
        return retrying(attempt)


def _case_values(
    row: Any, data: LaporanSupplement, terms: list[str], results: tuple[RequirementResult, ...]
) -> dict[str, Any]:
    return {
        "terlapor": redact_optional(data.terlapor, terms) or row.terlapor,
        "place": redact_optional(data.place, terms) or row.place,
        "occurred_at": data.occurred_at or row.occurred_at,
        "description": redact(data.description, terms) if data.description else row.description,
        "requirements": req.to_json(results),
        "admissible": req.admissible(results),
    }


def _update_reporter(
    app: App, conn: Connection, case_id: int, data: LaporanSupplement, terms: list[str]
) -> Any:
    reporter = conn.execute(
        sa.select(case_reporters).where(case_reporters.c.case_id == case_id, case_reporters.c.seq == 1)
    ).one()
    added = [{**e.model_dump(), "description": redact(e.description, terms)} for e in data.evidence]
    values: dict[str, Any] = {"evidence": [*reporter.evidence, *added]}
    if data.nik:
        identity = open_identity(app.sealer, reporter.identity_sealed).model_copy(update={"nik": data.nik})
        values |= {"identity_sealed": seal_identity(app.sealer, identity), "has_nik": True}
    if data.signed is not None:
        values["signed"] = data.signed
    conn.execute(case_reporters.update().where(case_reporters.c.id == reporter.id).values(**values))
    return conn.execute(sa.select(case_reporters).where(case_reporters.c.id == reporter.id)).one()


def _recheck(
    catalogue: WorkflowCatalogue, row: Any, reporter: Any, data: LaporanSupplement, terms: list[str]
) -> tuple[RequirementResult, ...]:
    facts = req.IntakeFacts(
        has_name_address=True,
        has_nik=reporter.has_nik,
        signed=reporter.signed,
        terlapor=data.terlapor or row.terlapor,
        within_window=within_report_window(catalogue, reporter.known_at, reporter.received_at),
        occurred_at=data.occurred_at or row.occurred_at,
        place=data.place or row.place,
        description=redact(data.description, terms) if data.description else row.description,
        evidence_count=len(reporter.evidence),
    )
    return req.check_requirements(catalogue, "laporan", facts)


def _audit(
    conn: Connection, principal: Principal, row: Any, version: int, results: tuple[RequirementResult, ...]
) -> None:
    event = AuditEvent(
        action="case.supplemented",
        actor=principal.username,
        object_type="case",
        object_id=str(row.id),
        org_id=principal.org_id,
        details={"number": row.number, "version": version, "unmet": [r.id for r in req.unmet(results)]},
    )
    append_audit(conn, event)
