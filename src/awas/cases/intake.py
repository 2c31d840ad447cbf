"""Case intake: a laporan (public report) or a temuan (finding) becomes a case in the first status.

`open_laporan` refuses what cannot be a report at all (intake_checks.py: nothing stored, the attempt
logged), checks the syarat formil/materiil (requirements.py, results stored on the case), seals the
pelapor and witnesses, and merges a duplicate report of the same incident into the open case,
keeping every reporter. `open_temuan` is idempotent on its source reference, so the recap, coord
and detect engines may call it again for the same anomaly, cluster or finding.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases import requirements as req
from awas.cases.access import Principal
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.clocks import CaseFacts, compute_deadlines
from awas.cases.identity import identity_terms, redact, redact_optional, seal_identity, seal_witnesses
from awas.cases.intake_checks import (
    attachment_problems,
    identity_problems,
    reference_problems,
    time_problems,
)
from awas.cases.intake_models import LaporanInput
from awas.cases.intake_store import (
    case_identity_terms,
    default_title,
    election_region,
    finish_insert,
    insert_case,
    intake_result,
    may_open,
    owner_org,
    refuse_input,
    stages_start,
)
from awas.cases.records import IntakeResult
from awas.cases.repo import claim, retrying
from awas.cases.tables import case_reporters, cases
from awas.domain.audit import AuditEvent
from awas.domain.cases import CaseKind
from awas.errors import InputProblem
from awas.store.audit import append_audit
from awas.timeutil import ensure_utc, utcnow, wib_date


def open_laporan(
    app: App, principal: Principal, data: LaporanInput, *, now: datetime | None = None
) -> IntakeResult:
    """Register a public report as a case (or add its reporter to the open case of the same incident).

    Raises PermissionDenied for a principal who may not open cases, InputError (nothing stored, the
    attempt logged) for a report that cannot be received; SealError if the key cannot seal.
    """
    now = now or utcnow()
    catalogue = workflow_catalogue(app)
    may_open(app, principal, CaseKind.LAPORAN)
    received = ensure_utc(data.received_at) if data.received_at else now
    refuse_input(app, principal, "laporan", _laporan_problems(app, catalogue, data, received, now))
    results = req.check_requirements(catalogue, CaseKind.LAPORAN.value, _facts(catalogue, data, received))

    def attempt() -> IntakeResult:
        with app.db.transaction() as conn:
            earlier = _by_submission(conn, data.submission_id)
            if earlier is not None:
                return earlier
            target = _duplicate_of(conn, _incident_key(data))
            if target is not None:
                return _merge(app, conn, principal, target, data, received, results, now)
            return _insert_laporan(app, conn, catalogue, principal, data, received, results, now)

    try:
        return retrying(attempt)
    except sa.exc.IntegrityError:  # the same form submitted twice at the same moment
        with app.db.read() as conn:
            earlier = _by_submission(conn, data.submission_id)
        if earlier is None:
            raise
        return earlier


def _laporan_problems(
    app: App, catalogue: WorkflowCatalogue, data: LaporanInput, received: datetime, now: datetime
) -> list[InputProblem]:
    times = {"occurred_at": data.occurred_at, "known_at": data.known_at, "received_at": received}
    return [
        *identity_problems("laporan", data),
        *time_problems("laporan", times, now, stages_start(app)),
        *reference_problems("laporan", catalogue, data, set(app.reference.regions)),
        *attachment_problems("laporan", data.evidence),
    ]


def within_report_window(catalogue: WorkflowCatalogue, known: datetime, received: datetime) -> bool:
    """Whether a report received at `received` meets the catalogue's report window from `known`."""
    facts = CaseFacts(CaseKind.LAPORAN.value, None, None, routed=False)
    events = {"known": known, "received": received}
    for deadline in compute_deadlines(catalogue, facts, events):
        if "received" in catalogue.clock_rules[deadline.clock_id].met_by:
            return received <= deadline.due_at
    return True


def _facts(catalogue: WorkflowCatalogue, data: LaporanInput, received: datetime) -> req.IntakeFacts:
    return req.IntakeFacts(
        has_name_address=bool(data.pelapor.name and data.pelapor.address),
        has_nik=data.pelapor.nik is not None,
        signed=data.signed,
        terlapor=data.terlapor,
        within_window=within_report_window(catalogue, ensure_utc(data.known_at), received),
        occurred_at=data.occurred_at,
        place=data.place,
        description=data.description,
        evidence_count=len(data.evidence),
    )


def _normal(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def _incident_key(data: LaporanInput) -> str | None:
    """Same category, terlapor, day and place of occurrence: the same incident."""
    if not data.terlapor or data.occurred_at is None:
        return None
    parts = (
        data.category or "",
        _normal(data.terlapor),
        wib_date(data.occurred_at).isoformat(),
        _normal(data.place),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _by_submission(conn: Connection, submission_id: str | None) -> IntakeResult | None:
    if submission_id is None:
        return None
    row = conn.execute(
        sa.select(cases, case_reporters.c.seq)
        .join(case_reporters, case_reporters.c.case_id == cases.c.id)
        .where(case_reporters.c.submission_id == submission_id)
    ).first()
    return intake_result(row, merged=row.seq > 1, reporter_seq=row.seq) if row is not None else None


def _duplicate_of(conn: Connection, key: str | None) -> Any | None:
    if key is None:
        return None
    query = sa.select(cases).where(
        cases.c.incident_key == key, cases.c.is_open.is_(True), cases.c.kind == "laporan"
    )
    return conn.execute(query.order_by(cases.c.id).limit(1).with_for_update(of=cases)).first()


def _reporter_row(
    app: App,
    case_id: int,
    seq: int,
    data: LaporanInput,
    received: datetime,
    admissible: bool,
    terms: list[str],
    now: datetime,
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "seq": seq,
        "identity_sealed": seal_identity(app.sealer, data.pelapor),
        "witnesses_sealed": seal_witnesses(app.sealer, data.witnesses),
        "has_nik": data.pelapor.nik is not None,
        "signed": data.signed,
        "known_at": ensure_utc(data.known_at),
        "received_at": received,
        "admissible": admissible,
        "evidence": [{**e.model_dump(), "description": redact(e.description, terms)} for e in data.evidence],
        "submission_id": data.submission_id,
        "created_at": now,
    }


def _insert_laporan(
    app: App,
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    data: LaporanInput,
    received: datetime,
    results: tuple[Any, ...],
    now: datetime,
) -> IntakeResult:
    terms = identity_terms(data.pelapor, data.witnesses)
    values = _laporan_values(catalogue, principal, data, received, results, terms)
    row = insert_case(conn, catalogue, principal, values, now)
    reporter = _reporter_row(app, row.id, 1, data, received, row.admissible, terms, now)
    conn.execute(case_reporters.insert().values(**reporter))
    times = {"occurred": data.occurred_at, "known": ensure_utc(data.known_at), "received": received}
    return finish_insert(conn, catalogue, principal, row, times, now)


def _laporan_values(
    catalogue: WorkflowCatalogue,
    principal: Principal,
    data: LaporanInput,
    received: datetime,
    results: tuple[Any, ...],
    terms: list[str],
) -> dict[str, Any]:
    """The case row of a new report; every free-text field redacted against the reporter's identity."""
    region = data.region_code or election_region(catalogue, data.election_id)
    title = data.title or default_title(catalogue, data.category, data.terlapor or data.place)
    return {
        "kind": CaseKind.LAPORAN.value,
        "title": redact(title, terms),
        "description": redact(data.description, terms),
        "category": data.category,
        "actor": data.actor.value if data.actor else None,
        "election_id": data.election_id,
        "region_code": region,
        "owner_org_id": owner_org(catalogue, principal, region, data.election_id),
        "tlp": data.tlp.value,
        "occurred_at": data.occurred_at,
        "known_at": ensure_utc(data.known_at),
        "received_at": received,
        "place": redact_optional(data.place, terms),
        "terlapor": redact_optional(data.terlapor, terms),
        "admissible": req.admissible(results),
        "requirements": req.to_json(results),
        "incident_key": _incident_key(data),
        "source_type": "laporan",
        "source_id": None,
    }


def _merge(
    app: App,
    conn: Connection,
    principal: Principal,
    target: Any,
    data: LaporanInput,
    received: datetime,
    results: tuple[Any, ...],
    now: datetime,
) -> IntakeResult:
    """Add the reporter to the open case of the same incident; re-redact its text against them too."""
    seq = (
        1
        + conn.execute(
            sa.select(sa.func.max(case_reporters.c.seq)).where(case_reporters.c.case_id == target.id)
        ).scalar_one()
    )
    terms = identity_terms(data.pelapor, data.witnesses) + case_identity_terms(app, conn, target.id)
    conn.execute(
        case_reporters.insert().values(
            **_reporter_row(app, target.id, seq, data, received, req.admissible(results), terms, now)
        )
    )
    claim(
        conn,
        target,
        {"title": redact(target.title, terms), "description": redact(target.description, terms)},
        now,
    )
    event = AuditEvent(
        action="case.reporter_added",
        actor=principal.username,
        object_type="case",
        object_id=str(target.id),
        org_id=principal.org_id,
        details={"number": target.number, "reporter": seq},
    )
    append_audit(conn, event)
    return intake_result(target, merged=True, reporter_seq=seq)
