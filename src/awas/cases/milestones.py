"""Milestones after a case is forwarded: the dated steps (forwarded to the police, file submitted to
the prosecutor, returned, complete, court received and decided, appeal) that start and meet the
Gakkumdu clocks. Which milestones exist is read from the catalogue's clock anchors and clock rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases.access import (
    MILESTONE_OWNER_ROLES,
    MILESTONE_PARTNER_ROLES,
    Principal,
    Refusal,
    in_owner_scope,
    refusals,
    visible_case,
)
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.identity import redact
from awas.cases.intake_store import case_identity_terms
from awas.cases.repo import claim, facts_of, load_events, record_events, refresh_deadlines, retrying
from awas.domain.audit import AuditEvent
from awas.store.audit import append_audit
from awas.timeutil import ensure_utc, utcnow

CASE_EVENTS = frozenset({"occurred", "known", "received", "extended"})  # recorded by intake and transitions


def milestone_events(catalogue: WorkflowCatalogue) -> frozenset[str]:
    """Events a user records by hand: clock anchors and meeting events not set by intake or a status."""
    anchors = {
        c.anchor.removesuffix("_at") for c in catalogue.clocks.values() if c.anchor not in catalogue.clocks
    }
    met = {name for rule in catalogue.clock_rules.values() for name in rule.met_by}
    by_status = {name for status in catalogue.statuses.values() for name in status.events}
    return frozenset((anchors | met) - by_status - CASE_EVENTS)


def record_milestone(
    app: App,
    principal: Principal,
    ref: str | int,
    event: str,
    *,
    at: datetime,
    reason: str = "",
    now: datetime | None = None,
) -> int:
    """Record that `event` happened at `at` on a forwarded case; return the new case version.

    Raises NotFoundError / PermissionDenied (logged) for a case out of reach, an unknown or repeated
    milestone, a case not forwarded yet, or a time in the future or before the forwarding decision.
    """
    now = now or utcnow()
    at = ensure_utc(at)
    catalogue = workflow_catalogue(app)
    action = f"mencatat {event}"

    def attempt() -> int:
        with app.db.transaction() as conn:
            row = visible_case(conn, catalogue, principal, ref, action, lock=True)
            _may_record(catalogue, principal, row, action)
            events = load_events(conn, row.id)
            _check(catalogue, row, event, at, now, events, action)
            version = claim(conn, row, {}, now)
            clean = redact(reason.strip(), case_identity_terms(app, conn, row.id))
            record_events(conn, row.id, {event: at}, actor=principal.username, now=now, reason=clean)
            refresh_deadlines(conn, catalogue, row.id, facts_of(row), row.is_open)
            _audit(conn, principal, row, event, at, version)
            return version

    with refusals(app, principal, str(ref)):
        return retrying(attempt)


def _audit(conn: Connection, principal: Principal, row: Any, event: str, at: datetime, version: int) -> None:
    entry = AuditEvent(
        action="case.milestone",
        actor=principal.username,
        object_type="case",
        object_id=str(row.id),
        org_id=principal.org_id,
        details={"number": row.number, "event": event, "at": at.isoformat(), "version": version},
    )
    append_audit(conn, entry)


def _may_record(catalogue: WorkflowCatalogue, principal: Principal, row: object, action: str) -> None:
    if in_owner_scope(catalogue, principal, row):
        if principal.role in MILESTONE_OWNER_ROLES:
            return
    elif principal.role in MILESTONE_PARTNER_ROLES:
        return
    raise Refusal(
        action, "hanya analis/investigator Bawaslu pemilik, atau penyidik/penghubung instansi penerima"
    )


def _check(
    catalogue: WorkflowCatalogue,
    row: object,
    event: str,
    at: datetime,
    now: datetime,
    events: dict[str, datetime],
    action: str,
) -> None:
    known = sorted(milestone_events(catalogue))
    if event not in known:
        raise Refusal(action, f"tahap {event!r} tidak dikenal (pilihan: {', '.join(known)})")
    if event in events:
        raise Refusal(action, f"tahap {event} sudah dicatat pada {events[event].isoformat()}")
    referred = events.get("referred")
    if referred is None or not getattr(row, "is_open", False):
        raise Refusal(action, "perkara belum diteruskan (status diteruskan) atau sudah ditutup")
    if at > now:
        raise Refusal(action, "waktu tahap di masa depan")
    if at < referred:
        raise Refusal(action, "waktu tahap sebelum keputusan meneruskan perkara")
