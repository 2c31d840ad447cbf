"""Typed queries for the case page and other capabilities, filtered by access (the board's list is
in board.py and re-exported here).

Every read of a case is written to the audit log (`case.listed`, `case.viewed`,
`case.identity_disclosed`); `case_header` and `can_view` are for other capabilities that log their
own reads (evidence's custody ledger).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases import requirements as req
from awas.cases.access import Principal, in_owner_scope, refusals, visibility_clause, visible_case
from awas.cases.board import CaseFilter, list_cases, open_cases_with_deadlines
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.clocks import Deadline, describe_rule
from awas.cases.records import (
    CaseDetail,
    CaseEvent,
    CaseHeader,
    CaseSummary,
    DeadlineView,
    NextDeadline,
    ShareRecord,
    TransitionRecord,
)
from awas.cases.repo import case_key, load_events
from awas.cases.tables import (
    case_deadlines,
    case_events,
    case_reporters,
    case_shares,
    case_transitions,
    cases,
)
from awas.cases.workflow import options_for
from awas.domain.audit import AuditEvent
from awas.errors import NotFoundError
from awas.store.audit import append_audit
from awas.timeutil import utcnow


def case_header(app: App, case_id: int | str, principal: Principal | None = None) -> CaseHeader:
    """Number, title, status, category and handler of a case (for evidence's berita acara).

    Without `principal` no access check is made (the caller must have one); with it, a case the
    principal cannot see raises NotFoundError. Not logged: the caller logs its own use.
    """
    catalogue = workflow_catalogue(app)
    query = sa.select(cases).where(case_key(case_id))
    if principal is not None:
        query = query.where(visibility_clause(catalogue, principal))
    with app.db.read() as conn:
        row = conn.execute(query).first()
    if row is None:
        raise NotFoundError(f"perkara {case_id} tidak ditemukan atau tidak dapat Anda akses")
    return header_of(catalogue, row)


def can_view(app: App, principal: Principal, case_id: int | str) -> bool:
    """Whether `principal` may see the case (for evidence linked to it). Not logged."""
    catalogue = workflow_catalogue(app)
    with app.db.read() as conn:
        query = sa.select(cases.c.id).where(case_key(case_id), visibility_clause(catalogue, principal))
        return conn.execute(query).first() is not None


def header_of(catalogue: WorkflowCatalogue, row: Any) -> CaseHeader:
    status = catalogue.statuses.get(row.status)
    return CaseHeader(
        id=row.id,
        number=row.number,
        kind=row.kind,
        title=row.title,
        status=row.status,
        status_name=status.name if status else row.status,
        category=row.category,
        track=row.track,
        handler=row.handler,
        tlp=row.tlp,
    )


def deadline_of(catalogue: WorkflowCatalogue, clock_id: str, row: Any) -> Deadline:
    clock = catalogue.clocks[clock_id]
    return Deadline(
        clock_id=clock_id,
        name=clock.name,
        anchor_at=row.anchor_at,
        due_at=row.due_at,
        met_at=row.met_at,
        obligation=row.obligation,
        rule=describe_rule(clock),
        legal_basis=clock.legal_basis,
        source=clock.source,
        source_status=clock.status.value,
    )


def _summary(catalogue: WorkflowCatalogue, row: Any, upcoming: Deadline | None, now: datetime) -> CaseSummary:
    following = None
    if upcoming is not None:
        d = upcoming
        state = d.state(now, row.is_open)
        following = NextDeadline(
            d.clock_id, d.name, d.due_at, state, d.rule, d.legal_basis, d.source, d.source_status
        )
    return CaseSummary(
        header=header_of(catalogue, row),
        owner_org_id=row.owner_org_id,
        handler_org_id=row.handler_org_id,
        is_open=row.is_open,
        version=row.version,
        received_at=row.received_at,
        known_at=row.known_at,
        next_deadline=following,
    )


def case_detail(app: App, principal: Principal, ref: str | int, *, now: datetime | None = None) -> CaseDetail:
    """Everything about a case that `principal` may see, with the transitions they may take (logged).

    Raises NotFoundError (logged) for a case the principal cannot see. Never includes the reporter
    identity (see `reveal_identity`).
    """
    now = now or utcnow()
    catalogue = workflow_catalogue(app)
    with refusals(app, principal, str(ref)), app.db.transaction() as conn:
        row = visible_case(conn, catalogue, principal, ref, "melihat perkara")
        detail = _detail(conn, catalogue, principal, row, now)
        _audit(conn, principal, "case.viewed", str(row.id), {"number": row.number, "version": row.version})
    return detail


def _detail(
    conn: Connection, catalogue: WorkflowCatalogue, principal: Principal, row: Any, now: datetime
) -> CaseDetail:
    owner = in_owner_scope(catalogue, principal, row)
    events = load_events(conn, row.id)
    deadline_rows = conn.execute(sa.select(case_deadlines).where(case_deadlines.c.case_id == row.id)).all()
    deadlines = sorted(
        (deadline_of(catalogue, d.clock_id, d) for d in deadline_rows if d.clock_id in catalogue.clocks),
        key=lambda d: d.due_at,
    )
    reporters = conn.execute(
        sa.select(sa.func.count()).select_from(case_reporters).where(case_reporters.c.case_id == row.id)
    ).scalar_one()
    return CaseDetail(
        summary=_summary(
            catalogue, row, next((d for d in deadlines if d.clock_id == row.next_due_clock), None), now
        ),
        description=row.description,
        place=row.place,
        terlapor=row.terlapor,
        actor=row.actor,
        election_id=row.election_id,
        region_code=row.region_code,
        occurred_at=row.occurred_at,
        admissible=row.admissible,
        requirements=req.from_json(row.requirements),
        deadlines=tuple(DeadlineView(d, d.state(now, row.is_open)) for d in deadlines),
        transitions=_transitions(conn, row.id),
        events=_events(conn, row.id),
        next_transitions=tuple(options_for(catalogue, principal, row, events, now)),
        shares=_shares(conn, row.id) if owner else (),
        reporters=reporters,
        route_legal_basis=tuple(row.route_legal_basis or ()),
        route_overridden=row.route_overridden,
        route_reason=row.route_reason,
    )


def _transitions(conn: Connection, case_id: int) -> tuple[TransitionRecord, ...]:
    rows = conn.execute(
        sa.select(case_transitions)
        .where(case_transitions.c.case_id == case_id)
        .order_by(case_transitions.c.version)
    )
    return tuple(
        TransitionRecord(
            r.version, r.from_status, r.to_status, r.actor, r.actor_org, r.at, r.reason, r.extended
        )
        for r in rows
    )


def _events(conn: Connection, case_id: int) -> tuple[CaseEvent, ...]:
    rows = conn.execute(
        sa.select(case_events).where(case_events.c.case_id == case_id).order_by(case_events.c.at)
    )
    return tuple(CaseEvent(r.event, r.at, r.actor, r.reason) for r in rows)


def _shares(conn: Connection, case_id: int) -> tuple[ShareRecord, ...]:
    rows = conn.execute(
        sa.select(case_shares).where(case_shares.c.case_id == case_id).order_by(case_shares.c.org_id)
    )
    return tuple(
        ShareRecord(r.org_id, r.tlp, r.via, r.shared_by, r.shared_at, r.reason, r.revoked_at) for r in rows
    )


def _audit(
    conn: Connection, principal: Principal, action: str, object_id: str, details: dict[str, Any]
) -> None:
    event = AuditEvent(
        action=action,
        actor=principal.username,
        object_type="case",
        object_id=object_id,
        org_id=principal.org_id,
        details=details,
    )
    append_audit(conn, event)


__all__ = ["CaseFilter", "can_view", "case_detail", "case_header", "list_cases", "open_cases_with_deadlines"]
