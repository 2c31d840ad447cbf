"""Writing a new case: the row with its number, its first transition, its events and deadlines, the
audit entry; plus the helpers intake shares between laporan and temuan.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases import requirements as req
from awas.cases.access import BAWASLU_KIND, OPEN_ROLES, Principal, refuse
from awas.cases.catalogue import WorkflowCatalogue
from awas.cases.clocks import CaseFacts
from awas.cases.identity import identity_terms, open_identity, open_witnesses
from awas.cases.records import IntakeResult
from awas.cases.repo import add_transition, record_events, refresh_deadlines
from awas.cases.tables import case_reporters, cases
from awas.domain.audit import AuditEvent
from awas.domain.cases import CaseKind, tlp_rank
from awas.errors import InputError, InputProblem
from awas.store.audit import append_audit
from awas.timeutil import ensure_utc, to_wib

PREFIX = {CaseKind.LAPORAN.value: "LP", CaseKind.TEMUAN.value: "TM"}


def owner_org(
    catalogue: WorkflowCatalogue, principal: Principal, region: str | None, election_id: str | None
) -> str:
    """The Bawaslu office that owns a new case: the user's office, or for an engine the kab/kota office
    of the region (the province office for a governor race or an unknown region)."""
    if not principal.system:
        return principal.org_id
    election = catalogue.elections.get(election_id or "")
    if region and not (election and election.kind.value == "pilgub"):
        kab = ".".join(region.split(".")[:2])
        for org in catalogue.organisations.values():
            if org.kind == BAWASLU_KIND and org.region_code == kab:
                return org.id
    return principal.org_id


def insert_case(
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    values: dict[str, Any],
    now: datetime,
) -> Any:
    """Insert a case in the catalogue's first status, numbered `LP-2024-00012` / `TM-2024-00013`."""
    first = catalogue.initial_status
    row_values = {
        **values,
        "number": f"new-{uuid.uuid4().hex[:24]}",
        "status": first.id,
        "is_open": first.open,
        "version": 1,
        "tlp_rank": tlp_rank(values["tlp"]),
        "route_legal_basis": [],
        "created_at": now,
        "created_by": principal.username,
        "updated_at": now,
    }
    case_id = conn.execute(cases.insert().values(**row_values).returning(cases.c.id)).scalar_one()
    year = to_wib(values.get("received_at") or values["known_at"]).year
    number = f"{PREFIX[values['kind']]}-{year}-{case_id:05d}"
    conn.execute(cases.update().where(cases.c.id == case_id).values(number=number))
    add_transition(
        conn,
        case_id,
        from_status=None,
        to_status=first.id,
        actor=principal.username,
        actor_org=principal.org_id,
        at=now,
        reason=f"{values['kind']} dicatat",
        version=1,
    )
    return conn.execute(sa.select(cases).where(cases.c.id == case_id)).one()


def finish_insert(
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    row: Any,
    times: dict[str, datetime | None],
    now: datetime,
) -> IntakeResult:
    """Record the case's first events, compute its deadlines, log the opening."""
    record_events(
        conn, row.id, {k: ensure_utc(v) for k, v in times.items() if v}, actor=principal.username, now=now
    )
    refresh_deadlines(conn, catalogue, row.id, CaseFacts(row.kind, row.track, row.handler, False), True)
    details = {
        "number": row.number,
        "kind": row.kind,
        "category": row.category,
        "admissible": row.admissible,
        "source_type": row.source_type,
        "source_id": row.source_id,
    }
    event = AuditEvent(
        action="case.opened",
        actor=principal.username,
        object_type="case",
        object_id=str(row.id),
        org_id=principal.org_id,
        details=details,
    )
    append_audit(conn, event)
    return intake_result(row, reporter_seq=1 if row.kind == CaseKind.LAPORAN.value else None)


def intake_result(row: Any, *, merged: bool = False, reporter_seq: int | None = None) -> IntakeResult:
    return IntakeResult(
        case_id=row.id,
        number=row.number,
        status=row.status,
        merged=merged,
        admissible=row.admissible,
        requirements=req.from_json(row.requirements),
        reporter_seq=reporter_seq,
    )


def case_identity_terms(app: App, conn: Connection, case_id: int) -> list[str]:
    """Identity strings of every reporter and witness of a case (opened with the sealing key)."""
    rows = conn.execute(
        sa.select(case_reporters.c.identity_sealed, case_reporters.c.witnesses_sealed).where(
            case_reporters.c.case_id == case_id
        )
    )
    terms: list[str] = []
    for row in rows:
        identity = open_identity(app.sealer, row.identity_sealed)
        terms += identity_terms(identity, open_witnesses(app.sealer, row.witnesses_sealed))
    return terms


def election_region(catalogue: WorkflowCatalogue, election_id: str | None) -> str | None:
    election = catalogue.elections.get(election_id or "")
    return election.region_code if election else None


def default_title(catalogue: WorkflowCatalogue, category: str | None, about: str | None) -> str:
    name = catalogue.categories[category].name if category in catalogue.categories else "Dugaan pelanggaran"
    return f"{name}: {about}"[:200] if about else name


def may_open(app: App, principal: Principal, kind: CaseKind) -> None:
    """PermissionDenied (logged) unless an admin, analyst or investigator of a Bawaslu office."""
    if not principal.is_bawaslu or principal.role not in OPEN_ROLES:
        refuse(app, principal, f"membuka {kind.value}", "-", "hanya admin, analis atau investigator Bawaslu")


def refuse_input(app: App, principal: Principal, source: str, problems: list[InputProblem]) -> None:
    """Log an intake that was refused (problems without the input values), then raise InputError."""
    if not problems:
        return
    app.audit(
        AuditEvent(
            action="case.intake_refused",
            actor=principal.username,
            object_type="case",
            object_id="-",
            org_id=principal.org_id,
            details={"kind": source, "problems": [f"{p.field}: {p.reason}" for p in problems]},
        )
    )
    raise InputError(problems, f"{source} ditolak")


def stages_start(app: App) -> datetime | None:
    """When the election stages began (the first phase of schedule.csv): nothing can predate it."""
    starts = [phase.starts_at for phase in app.reference.schedule.values()]
    return min(starts) if starts else None
