"""Status transitions: only those in the catalogue (case_transitions.csv), by the roles it names,
each stored as a row with actor, time and reason (C11), applied with a conditional update so two
concurrent edits never overwrite each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases import requirements as req
from awas.cases.access import (
    Principal,
    Refusal,
    in_owner_scope,
    is_handler_org,
    refusals,
    visible_case,
)
from awas.cases.catalogue import TransitionRule, WorkflowCatalogue, workflow_catalogue
from awas.cases.clocks import compute_deadlines, next_due
from awas.cases.identity import redact
from awas.cases.intake_store import case_identity_terms
from awas.cases.records import TransitionOption, TransitionRecord
from awas.cases.repo import (
    ConcurrentUpdate,
    add_transition,
    claim,
    facts_of,
    load_events,
    record_events,
    refresh_deadlines,
    retrying,
)
from awas.domain.audit import AuditEvent
from awas.store.audit import append_audit
from awas.timeutil import ensure_utc, utcnow

RETRIES = 5


@dataclass(frozen=True, slots=True)
class TransitionRequest:
    to_status: str
    reason: str = ""
    extend: bool = False
    expected_version: int | None = None
    at: datetime | None = None  # when it happened, if recorded later (never in the future)


def transition(
    app: App, principal: Principal, ref: str | int, request: TransitionRequest, *, now: datetime | None = None
) -> TransitionRecord:
    """Move a case to `request.to_status`.

    Raises NotFoundError (logged) for a case the principal cannot see, PermissionDenied (logged) for
    a transition the catalogue does not allow from the current status or not to this role, or whose
    guard or reason is missing; ConcurrentUpdate when `expected_version` is stale. Without an
    expected version a lost race is retried against the new state, so no update is lost.
    """
    catalogue = workflow_catalogue(app)
    now = now or utcnow()

    def attempt() -> TransitionRecord:
        with app.db.transaction() as conn:
            return _apply(app, conn, catalogue, principal, ref, request, now)

    with refusals(app, principal, str(ref)):
        return attempt() if request.expected_version is not None else retrying(attempt, RETRIES)


def allowed_transitions(app: App, principal: Principal, ref: str | int) -> list[TransitionOption]:
    """The catalogue's next statuses from the case's current status, each allowed or not for this user."""
    catalogue = workflow_catalogue(app)
    with refusals(app, principal, str(ref)), app.db.transaction() as conn:
        row = visible_case(conn, catalogue, principal, ref, "melihat perkara")
        events = load_events(conn, row.id)
        event = AuditEvent(
            action="case.viewed",
            actor=principal.username,
            object_type="case",
            object_id=str(row.id),
            org_id=principal.org_id,
            details={"number": row.number, "version": row.version, "view": "next_transitions"},
        )
        append_audit(conn, event)
    return options_for(catalogue, principal, row, events, utcnow())


def options_for(
    catalogue: WorkflowCatalogue, principal: Principal, row: Any, events: dict[str, datetime], now: datetime
) -> list[TransitionOption]:
    options = []
    for rule in sorted(
        catalogue.transitions_from(row.status), key=lambda r: catalogue.status(r.to_status).position
    ):
        why = why_not(catalogue, principal, row, rule, events, reason="(alasan)", extend=False, at=now)
        options.append(
            TransitionOption(
                rule.to_status, rule.name, rule.requires_reason, rule.may_extend, why is None, why
            )
        )
    return options


def _apply(
    app: App,
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    ref: str | int,
    request: TransitionRequest,
    now: datetime,
) -> TransitionRecord:
    row = visible_case(conn, catalogue, principal, ref, "mengubah status", lock=True)
    if request.expected_version is not None and row.version != request.expected_version:
        raise ConcurrentUpdate(
            f"perkara {row.number} sudah versi {row.version}, bukan {request.expected_version}"
        )
    at = ensure_utc(request.at) if request.at else now
    rule = _rule(catalogue, row, request.to_status)
    events = load_events(conn, row.id)
    why = why_not(
        catalogue, principal, row, rule, events, reason=request.reason, extend=request.extend, at=at
    )
    if why is not None or at > now:
        raise Refusal(f"transisi {row.status} → {request.to_status}", why or "waktu transisi di masa depan")
    target = catalogue.status(rule.to_status)
    reason = redact(request.reason.strip(), case_identity_terms(app, conn, row.id))
    values = {"status": target.id, "is_open": target.open, "closed_at": None if target.open else at}
    version = claim(conn, row, values, now)
    record = TransitionRecord(
        version, row.status, target.id, principal.username, principal.org_id, at, reason, request.extend
    )
    _store(conn, catalogue, row, record, target.events, now)
    _audit(conn, principal, row, target.id, version, reason, request.extend)
    return record


def _store(
    conn: Connection,
    catalogue: WorkflowCatalogue,
    row: Any,
    record: TransitionRecord,
    status_events: tuple[str, ...],
    now: datetime,
) -> None:
    """The transition row, the events it records, and the deadlines they start or meet."""
    add_transition(
        conn,
        row.id,
        from_status=record.from_status,
        to_status=record.to_status,
        actor=record.actor,
        actor_org=record.actor_org,
        at=record.at,
        reason=record.reason,
        version=record.version,
        extended=record.extended,
    )
    new_events = dict.fromkeys(status_events, record.at) | (
        {"extended": record.at} if record.extended else {}
    )
    record_events(conn, row.id, new_events, actor=record.actor, now=now, reason=record.reason)
    refresh_deadlines(conn, catalogue, row.id, facts_of(row), catalogue.status(record.to_status).open)


def _rule(catalogue: WorkflowCatalogue, row: Any, to_status: str) -> TransitionRule:
    rule = catalogue.transitions.get((row.status, to_status))
    if rule is None:
        choices = ", ".join(r.to_status for r in catalogue.transitions_from(row.status)) or "tidak ada"
        raise Refusal(
            f"transisi {row.status} → {to_status}",
            f"transisi dari {row.status} ke {to_status} tidak ada dalam katalog (pilihan: {choices})",
        )
    return rule


def why_not(
    catalogue: WorkflowCatalogue,
    principal: Principal,
    row: Any,
    rule: TransitionRule,
    events: dict[str, datetime],
    *,
    reason: str,
    extend: bool,
    at: datetime,
) -> str | None:
    """Why this principal may not take this transition now, or None when they may."""
    for check in (_kind, _role, _scope, _guard):
        problem = check(catalogue, principal, row, rule)
        if problem:
            return problem
    if rule.requires_reason and not reason.strip():
        return "alasan wajib diisi untuk transisi ini"
    return _extension(catalogue, row, rule, events, at) if extend else None


def _kind(_c: WorkflowCatalogue, _p: Principal, row: Any, rule: TransitionRule) -> str | None:
    return None if row.kind in rule.kinds else f"transisi ini tidak berlaku untuk {row.kind}"


def _role(_c: WorkflowCatalogue, principal: Principal, _r: Any, rule: TransitionRule) -> str | None:
    allowed = ", ".join(sorted(rule.roles))
    return (
        None
        if principal.role.value in rule.roles
        else f"peran {principal.role.value} tidak boleh ({allowed})"
    )


def _scope(catalogue: WorkflowCatalogue, principal: Principal, row: Any, rule: TransitionRule) -> str | None:
    owner, handler = in_owner_scope(catalogue, principal, row), is_handler_org(principal, row)
    allowed = {"owner": owner, "handler": handler, "either": owner or handler}[rule.org_scope]
    return (
        None
        if allowed
        else "hanya Bawaslu pemilik perkara"
        + (" atau instansi penerus" if rule.org_scope == "either" else "")
    )


def _guard(_c: WorkflowCatalogue, _p: Principal, row: Any, rule: TransitionRule) -> str | None:
    results = req.from_json(row.requirements)
    unmet = "; ".join(r.reason for r in req.unmet(results))
    if rule.guard == "requirements_met" and not req.all_met(results):
        return f"syarat belum terpenuhi: {unmet}"
    if rule.guard == "requirements_unmet" and req.all_met(results):
        return "semua syarat formil dan materiil terpenuhi"
    if rule.guard == "requirements_fixable" and not req.fixable_only(results):
        return (
            "tidak ada syarat yang dapat dilengkapi"
            if req.all_met(results)
            else f"syarat tidak dapat dilengkapi: {unmet}"
        )
    if rule.guard == "routed" and row.routed_at is None:
        return "instansi penerus belum ditetapkan (awas case route)"
    return None


def _extension(
    catalogue: WorkflowCatalogue, row: Any, rule: TransitionRule, events: dict[str, datetime], at: datetime
) -> str | None:
    """The 2-day extension (Pasal 134 ayat (6)): once, before the decision is due and before a decision."""
    if not rule.may_extend:
        return "perpanjangan tidak tersedia pada transisi ini"
    if "extended" in events:
        return "perpanjangan hanya dapat diberikan sekali"
    if "decided" in events:
        return "perkara sudah diputus"
    deadlines = compute_deadlines(catalogue, facts_of(row), events)
    due = next_due([d for d in deadlines if "extended" in catalogue.clock_rules[d.clock_id].met_by])
    if due is not None and at > due.due_at:
        return "perpanjangan harus diminta sebelum batas waktu putusan"
    return None


def _audit(
    conn: Connection,
    principal: Principal,
    row: Any,
    to_status: str,
    version: int,
    reason: str,
    extended: bool,
) -> None:
    append_audit(
        conn,
        AuditEvent(
            action="case.transitioned",
            actor=principal.username,
            object_type="case",
            object_id=str(row.id),
            org_id=principal.org_id,
            details={
                "number": row.number,
                "from": row.status,
                "to": to_status,
                "version": version,
                "reason": reason,
                "extended": extended,
            },
        ),
    )
