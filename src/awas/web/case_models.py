"""Pydantic shapes of the case board, the case page and the dossier, built from the cases
capability's typed records (`CaseSummary`, `CaseDetail`) and evidence's artefacts and ledger."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from awas.cases.clocks import DeadlineState
from awas.cases.records import CaseDetail, CaseSummary, DeadlineView, NextDeadline
from awas.evidence.ledger import LedgerEntry
from awas.evidence.records import Artefact

DUE_TODAY = timedelta(hours=24)
DUE_SOON = timedelta(hours=72)


def deadline_colour(state: str, due_at: datetime | None, now: datetime) -> str:
    """The board's colour: overdue (red), today (≤ 24 h, orange), soon (≤ 72 h, yellow), later (green),
    none (grey: no running deadline, met, or a closed case)."""
    if due_at is None or state != DeadlineState.PENDING.value:
        return "overdue" if state == DeadlineState.OVERDUE.value else "none"
    left = due_at - now
    return "today" if left <= DUE_TODAY else "soon" if left <= DUE_SOON else "later"


class DeadlineOut(BaseModel):
    clock_id: str
    name: str
    due_at: datetime
    state: str
    colour: str
    rule: str
    legal_basis: str
    source: str
    source_status: str
    met_at: datetime | None = None


class CaseCard(BaseModel):
    id: int
    number: str
    kind: str
    title: str
    status: str
    status_name: str
    category: str | None
    track: str | None
    handler: str | None
    tlp: str
    owner_org_id: str
    handler_org_id: str | None
    version: int
    known_at: datetime
    next_deadline: DeadlineOut | None


def _next(d: NextDeadline | None, now: datetime) -> dict[str, object] | None:
    if d is None:
        return None
    state = d.state.value
    return {
        "clock_id": d.clock_id,
        "name": d.name,
        "due_at": d.due_at,
        "state": state,
        "colour": deadline_colour(state, d.due_at, now),
        "rule": d.rule,
        "legal_basis": d.legal_basis,
        "source": d.source,
        "source_status": d.source_status,
    }


def case_card(s: CaseSummary, now: datetime) -> CaseCard:
    """A board card, validated from a plain dict in one call (the board builds dozens per request)."""
    h = s.header
    return CaseCard.model_validate(
        {
            "id": h.id,
            "number": h.number,
            "kind": h.kind,
            "title": h.title,
            "status": h.status,
            "status_name": h.status_name,
            "category": h.category,
            "track": h.track,
            "handler": h.handler,
            "tlp": h.tlp,
            "owner_org_id": s.owner_org_id,
            "handler_org_id": s.handler_org_id,
            "version": s.version,
            "known_at": s.known_at,
            "next_deadline": _next(s.next_deadline, now),
        }
    )


def deadline_out(view: DeadlineView, now: datetime) -> DeadlineOut:
    d = view.deadline
    state = view.state.value
    return DeadlineOut(
        clock_id=d.clock_id,
        name=d.name,
        due_at=d.due_at,
        state=state,
        colour=deadline_colour(state, d.due_at, now),
        rule=d.rule,
        legal_basis=d.legal_basis,
        source=d.source,
        source_status=d.source_status,
        met_at=d.met_at,
    )


class RequirementOut(BaseModel):
    id: str
    kind: str
    name: str
    met: bool
    fixable: bool
    reason: str
    legal_basis: str


class TransitionOut(BaseModel):
    version: int
    from_status: str | None
    to_status: str
    actor: str
    actor_org: str
    at: datetime
    reason: str
    extended: bool


class OptionOut(BaseModel):
    """A next status this user may take now (only those are offered as buttons)."""

    to_status: str
    name: str
    requires_reason: bool
    may_extend: bool


class ShareOut(BaseModel):
    org_id: str
    org_name: str
    tlp: str
    via: str
    shared_by: str
    shared_at: datetime
    reason: str
    revoked_at: datetime | None


class CustodyOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    reason: str
    entry_hash: str


class ArtefactOut(BaseModel):
    id: int
    kind: str
    name: str
    digest: str
    size: int
    media_type: str
    created_at: datetime
    custody: list[CustodyOut]


def artefact_out(artefact: Artefact, log: list[LedgerEntry]) -> ArtefactOut:
    return ArtefactOut(
        id=artefact.id,
        kind=artefact.kind,
        name=artefact.name,
        digest=artefact.digest,
        size=artefact.size,
        media_type=artefact.media_type,
        created_at=artefact.created_at,
        custody=[
            CustodyOut(
                seq=e.seq, at=e.at, actor=e.actor, action=e.action, reason=e.reason, entry_hash=e.entry_hash
            )
            for e in log
        ],
    )


class CaseOut(BaseModel):
    card: CaseCard
    description: str
    place: str | None
    terlapor: str | None
    actor: str | None
    election_id: str | None
    region_code: str | None
    occurred_at: datetime | None
    received_at: datetime | None
    admissible: bool
    requirements: list[RequirementOut]
    deadlines: list[DeadlineOut]
    history: list[TransitionOut]
    next_transitions: list[OptionOut]
    shares: list[ShareOut]
    reporters: int
    route_legal_basis: list[str]
    route_overridden: bool
    route_reason: str | None


def case_out(d: CaseDetail, now: datetime, org_names: dict[str, str]) -> CaseOut:
    """The case page's model; only the transitions this user may take are offered."""
    return CaseOut(
        card=case_card(d.summary, now),
        description=d.description,
        place=d.place,
        terlapor=d.terlapor,
        actor=d.actor,
        election_id=d.election_id,
        region_code=d.region_code,
        occurred_at=d.occurred_at,
        received_at=d.summary.received_at,
        admissible=d.admissible,
        requirements=[
            RequirementOut(
                id=r.id,
                kind=r.kind,
                name=r.name,
                met=r.met,
                fixable=r.fixable,
                reason=r.reason,
                legal_basis=r.legal_basis,
            )
            for r in d.requirements
        ],
        deadlines=[deadline_out(v, now) for v in d.deadlines],
        history=[
            TransitionOut(
                version=r.version,
                from_status=r.from_status,
                to_status=r.to_status,
                actor=r.actor,
                actor_org=r.actor_org,
                at=r.at,
                reason=r.reason,
                extended=r.extended,
            )
            for r in d.transitions
        ],
        next_transitions=[
            OptionOut(
                to_status=o.to_status, name=o.name, requires_reason=o.requires_reason, may_extend=o.may_extend
            )
            for o in d.next_transitions
            if o.allowed
        ],
        shares=[
            ShareOut(
                org_id=s.org_id,
                org_name=org_names.get(s.org_id, s.org_id),
                tlp=s.tlp,
                via=s.via,
                shared_by=s.shared_by,
                shared_at=s.shared_at,
                reason=s.reason,
                revoked_at=s.revoked_at,
            )
            for s in d.shares
        ],
        reporters=d.reporters,
        route_legal_basis=list(d.route_legal_basis),
        route_overridden=d.route_overridden,
        route_reason=d.route_reason,
    )
