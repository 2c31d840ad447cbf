"""Routing a case to the competent agency and sharing it with task-force partners (need to know).

A route decides the track and handler from the catalogue on the day of the decision (an analyst
may override it with a reason) and opens the case to the handler's organisation; a share opens it
to another organisation at a TLP level within that organisation's clearance. Both bump the case
version (so they cannot race other edits), are audited, and queue notifications in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases.access import (
    MANAGE_ROLES,
    Principal,
    Refusal,
    clearance_rank,
    in_owner_scope,
    refusals,
    visible_case,
)
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.identity import redact
from awas.cases.intake_store import case_identity_terms
from awas.cases.notify.outbox import channels_for, enqueue
from awas.cases.notify.payload import build_payload
from awas.cases.repo import claim, facts_of, refresh_deadlines, retrying
from awas.cases.routing import Route, RouteQuery, handler_valid_on, route
from awas.cases.tables import case_shares, cases
from awas.domain.audit import AuditEvent
from awas.domain.cases import tlp_rank
from awas.domain.legal import Track
from awas.domain.orgs import Organisation, Tlp
from awas.errors import InputError
from awas.store.audit import append_audit
from awas.timeutil import utcnow, wib_date


@dataclass(frozen=True, slots=True)
class RouteDecision:
    number: str
    track: str
    handler: str
    handler_org_id: str | None
    legal_basis: tuple[str, ...]
    overridden: bool
    computed_handler: str
    version: int


def route_case(
    app: App,
    principal: Principal,
    ref: str | int,
    *,
    handler: str | None = None,
    track: str | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> RouteDecision:
    """Route an open case (catalogue decision on `now`'s date, or the analyst's override with a reason).

    Raises NotFoundError / PermissionDenied (logged) for a case out of reach, an override without a
    reason, a handler not valid on the day, or a TLP marking above the handler's clearance;
    InputError when the catalogue cannot route it; ConcurrentUpdate when another edit won the race.
    """
    now = now or utcnow()
    catalogue = workflow_catalogue(app)

    def attempt() -> RouteDecision:
        with app.db.transaction() as conn:
            row = _managed_case(conn, catalogue, principal, ref, "meneruskan perkara")
            base = _try_route(catalogue, row, None, now)
            targeted = _try_route(catalogue, row, track, now) if track else base
            decision = _decide(catalogue, base, targeted, handler, track, reason, now)
            return _store_route(app, conn, catalogue, principal, row, decision, reason, now)

    with refusals(app, principal, str(ref)):
        return retrying(attempt)


def share_case(
    app: App,
    principal: Principal,
    ref: str | int,
    org_id: str,
    *,
    tlp: Tlp | None = None,
    reason: str,
    revoke: bool = False,
    now: datetime | None = None,
) -> str:
    """Share (or revoke the share of) a case with an organisation; return the TLP level shared at.

    Raises NotFoundError / PermissionDenied (logged) for a case out of reach, an unknown organisation,
    a missing reason, a level below the case's marking or above the organisation's clearance.
    """
    now = now or utcnow()
    catalogue = workflow_catalogue(app)
    request = _ShareRequest(org_id, tlp, reason.strip(), revoke)

    def attempt() -> str:
        with app.db.transaction() as conn:
            return _share(app, conn, catalogue, principal, ref, request, now)

    with refusals(app, principal, str(ref)):
        return retrying(attempt)


@dataclass(frozen=True, slots=True)
class _ShareRequest:
    org_id: str
    tlp: Tlp | None
    reason: str
    revoke: bool


def _share(
    app: App,
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    ref: str | int,
    request: _ShareRequest,
    now: datetime,
) -> str:
    row = _managed_case(conn, catalogue, principal, ref, "membagikan perkara")
    org = _partner(catalogue, request.org_id)
    level = request.tlp or Tlp(row.tlp)
    if not request.reason:
        raise Refusal("membagikan perkara", "alasan (kebutuhan untuk mengetahui) wajib diisi")
    if not request.revoke:
        _check_level(catalogue, row, org, level)
    version = claim(conn, row, {}, now)  # first: a writer that lost the race stops here
    clean = redact(request.reason, case_identity_terms(app, conn, row.id))
    if request.revoke:
        _revoke(conn, row, org.id, principal, now)
    else:
        _upsert_share(conn, row.id, org.id, level, "share", principal.username, clean, now)
        _notify(conn, catalogue, row, "shared", [org.id], f"{org.id}:{version}", now)
    details = {"org": org.id, "tlp": level.value, "reason": clean, "version": version}
    _audit(conn, principal, row, "case.share_revoked" if request.revoke else "case.shared", details)
    return level.value


def _managed_case(
    conn: Connection, catalogue: WorkflowCatalogue, principal: Principal, ref: str | int, action: str
) -> Any:
    row = visible_case(conn, catalogue, principal, ref, action, lock=True)
    if principal.role not in MANAGE_ROLES or not in_owner_scope(catalogue, principal, row):
        raise Refusal(action, "hanya admin atau analis Bawaslu pemilik perkara")
    if not row.is_open:
        raise Refusal(action, f"perkara {row.number} sudah ditutup ({row.status})")
    return row


def _query(catalogue: WorkflowCatalogue, row: Any, track: str | None, now: datetime) -> RouteQuery:
    election = catalogue.elections.get(row.election_id or "")
    kind = election.kind.value if election else None
    return RouteQuery(row.category, track or row.track, row.actor, kind, wib_date(now))


def _try_route(catalogue: WorkflowCatalogue, row: Any, track: str | None, now: datetime) -> Route | None:
    try:
        return route(catalogue, _query(catalogue, row, track, now))
    except InputError:  # the catalogue cannot route it: only an override with a reason can
        return None


def _decide(
    catalogue: WorkflowCatalogue,
    base: Route | None,
    targeted: Route | None,
    handler: str | None,
    track: str | None,
    reason: str,
    now: datetime,
) -> tuple[Route, bool, str]:
    """The route to store, whether it departs from the catalogue's own decision (`base`), and that
    decision's handler. `targeted` is the catalogue's route on the track the analyst chose."""
    chosen = handler or (targeted.handler if targeted else None)
    if chosen is None:
        raise Refusal(
            "meneruskan perkara", "katalog tidak dapat menentukan instansi; sebutkan --handler dan alasan"
        )
    new_track = Track(track) if track else (targeted or base or _no_route()).track
    overridden = base is None or chosen != base.handler or new_track != base.track
    if overridden and not reason.strip():
        computed = base.handler if base else "tidak ada"
        raise Refusal("meneruskan perkara", f"mengganti hasil katalog ({computed}) wajib disertai alasan")
    if chosen not in catalogue.handlers:
        raise Refusal("meneruskan perkara", f"instansi {chosen!r} tidak dikenal")
    if not handler_valid_on(catalogue, chosen, wib_date(now)):
        raise Refusal(
            "meneruskan perkara", f"instansi {chosen} tidak berwenang pada {wib_date(now).isoformat()}"
        )
    rule = targeted or base
    basis = rule.legal_basis if rule else ()
    stored = Route(
        new_track, chosen, basis, rule.rule_id if rule else "override", rule.rule_status if rule else ""
    )
    return stored, overridden, base.handler if base else ""


def _no_route() -> Route:
    raise Refusal("meneruskan perkara", "jalur (--track) wajib disebutkan: katalog tidak dapat menentukannya")


def handler_org(catalogue: WorkflowCatalogue, handler: str, row: Any) -> Organisation | None:
    """The organisation acting as `handler` for this case: same kab/kota, else the province, else national."""
    region = row.region_code or ""
    candidates = [
        o for o in catalogue.organisations.values() if o.handler_id == handler and o.kind != "bawaslu"
    ]
    for wanted in (".".join(region.split(".")[:2]), region[:2], None):
        for org in candidates:
            if org.region_code == wanted or (wanted is None and org.region_code is None):
                return org
    return candidates[0] if candidates else None


def _store_route(
    app: App,
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    row: Any,
    decision: tuple[Route, bool, str],
    reason: str,
    now: datetime,
) -> RouteDecision:
    chosen, overridden, computed = decision
    org = handler_org(catalogue, chosen.handler, row)
    if org is not None:
        _check_level(catalogue, row, org, Tlp(row.tlp))
    clean = redact(reason.strip(), case_identity_terms(app, conn, row.id)) or None
    values = _route_values(chosen, org, overridden, clean, principal, now)
    version = claim(conn, row, values, now)
    _replace_route_share(conn, row, org, principal.username, clean or "diteruskan", now)
    fresh = conn.execute(sa.select(cases).where(cases.c.id == row.id)).one()
    refresh_deadlines(conn, catalogue, row.id, facts_of(fresh), fresh.is_open)
    details = {
        k: values[k] for k in ("track", "handler", "handler_org_id", "route_overridden", "route_reason")
    }
    _audit(conn, principal, row, "case.routed", {**details, "computed_handler": computed, "version": version})
    recipients = [row.owner_org_id] + ([org.id] if org else [])
    _notify(conn, catalogue, fresh, "routed", recipients, f"{chosen.handler}:{version}", now)
    return RouteDecision(
        number=row.number,
        track=chosen.track.value,
        handler=chosen.handler,
        handler_org_id=org.id if org else None,
        legal_basis=chosen.legal_basis,
        overridden=overridden,
        computed_handler=computed,
        version=version,
    )


def _route_values(
    chosen: Route,
    org: Organisation | None,
    overridden: bool,
    reason: str | None,
    principal: Principal,
    now: datetime,
) -> dict[str, Any]:
    return {
        "track": chosen.track.value,
        "handler": chosen.handler,
        "handler_org_id": org.id if org else None,
        "route_legal_basis": list(chosen.legal_basis),
        "route_overridden": overridden,
        "route_reason": reason,
        "routed_at": now,
        "routed_by": principal.username,
    }


def _partner(catalogue: WorkflowCatalogue, org_id: str) -> Organisation:
    org = catalogue.organisations.get(org_id)
    if org is None:
        raise Refusal("membagikan perkara", f"organisasi {org_id!r} tidak dikenal")
    return org


def _check_level(catalogue: WorkflowCatalogue, row: Any, org: Organisation, level: Tlp) -> None:
    if tlp_rank(level) < row.tlp_rank:
        raise Refusal(
            "membagikan perkara",
            f"TLP:{level.value.upper()} lebih rendah dari penandaan perkara TLP:{row.tlp.upper()}",
        )
    limit = catalogue.clearances.get(org.kind)
    if tlp_rank(level) > clearance_rank(catalogue, org.kind):
        allowed = f"paling tinggi TLP:{limit.value.upper()}" if limit else "tidak memiliki izin TLP"
        raise Refusal(
            "membagikan perkara", f"{org.name} {allowed}; perkara bertanda TLP:{level.value.upper()}"
        )


def _upsert_share(
    conn: Connection, case_id: int, org_id: str, level: Tlp, via: str, by: str, reason: str, now: datetime
) -> None:
    key = sa.and_(case_shares.c.case_id == case_id, case_shares.c.org_id == org_id)
    values = {
        "tlp": level.value,
        "tlp_rank": tlp_rank(level),
        "via": via,
        "shared_by": by,
        "shared_at": now,
        "reason": reason,
        "revoked_at": None,
        "revoked_by": None,
    }
    if conn.execute(sa.select(case_shares.c.org_id).where(key)).first() is None:
        conn.execute(case_shares.insert().values(case_id=case_id, org_id=org_id, **values))
    else:
        conn.execute(case_shares.update().where(key).values(**values))


def _revoke(conn: Connection, row: Any, org_id: str, principal: Principal, now: datetime) -> None:
    key = sa.and_(
        case_shares.c.case_id == row.id, case_shares.c.org_id == org_id, case_shares.c.revoked_at.is_(None)
    )
    if (
        conn.execute(
            case_shares.update().where(key).values(revoked_at=now, revoked_by=principal.username)
        ).rowcount
        == 0
    ):
        raise Refusal("mencabut berbagi", f"perkara {row.number} tidak sedang dibagikan kepada {org_id}")


def _replace_route_share(
    conn: Connection, row: Any, org: Organisation | None, by: str, reason: str, now: datetime
) -> None:
    """The handler organisation sees the case; a previous handler organisation no longer does."""
    old = sa.and_(
        case_shares.c.case_id == row.id, case_shares.c.via == "route", case_shares.c.revoked_at.is_(None)
    )
    if org is not None:
        old = sa.and_(old, case_shares.c.org_id != org.id)
        _upsert_share(conn, row.id, org.id, Tlp(row.tlp), "route", by, reason, now)
    conn.execute(case_shares.update().where(old).values(revoked_at=now, revoked_by=by))


def _notify(
    conn: Connection,
    catalogue: WorkflowCatalogue,
    row: Any,
    event: str,
    org_ids: list[str],
    key: str,
    now: datetime,
) -> None:
    for channel_id, org_id in channels_for(conn, org_ids, event):
        org = catalogue.organisations.get(org_id)
        payload = build_payload(row, event, org_id, org_name=org.name if org else org_id)
        enqueue(conn, channel_id, payload, f"{event}:{row.id}:{channel_id}:{key}", now)


def _audit(conn: Connection, principal: Principal, row: Any, action: str, details: dict[str, Any]) -> None:
    event = AuditEvent(
        action=action,
        actor=principal.username,
        object_type="case",
        object_id=str(row.id),
        org_id=principal.org_id,
        details={"number": row.number, **details},
    )
    append_audit(conn, event)
