"""The legal catalogue as the case workflow sees it: statuses, transitions, clocks, routing, intake.

Everything here is data loaded from the reference package (`case_*.csv`, `routing_rules.csv`,
`track_rules.csv`, `intake_requirements.csv`, `tlp_clearances.csv`, plus the foundation's categories,
handlers, clocks and holidays); nothing about the law is written in code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

import sqlalchemy as sa

from awas.app import App
from awas.core.registry import SetupError
from awas.domain.elections import Election
from awas.domain.legal import Handler, LegalClock, ViolationCategory
from awas.domain.orgs import Organisation, Tlp
from awas.store import workflow_tables as wt


@dataclass(frozen=True, slots=True)
class CaseStatus:
    id: str
    name: str
    name_en: str
    position: int
    open: bool
    events: tuple[str, ...]
    source: str
    status: str


@dataclass(frozen=True, slots=True)
class TransitionRule:
    from_status: str
    to_status: str
    name: str
    kinds: frozenset[str]
    roles: frozenset[str]
    org_scope: str  # owner | handler | either
    guard: str | None
    requires_reason: bool
    may_extend: bool
    source: str
    status: str


@dataclass(frozen=True, slots=True)
class ClockRule:
    clock_id: str
    requires_event: str | None
    met_by: tuple[str, ...]
    obligation: bool


@dataclass(frozen=True, slots=True)
class RoutingRule:
    id: str
    priority: int
    track: str
    category: str
    actor: str
    election: str
    handler: str
    legal_basis: tuple[str, ...]
    source: str
    status: str

    def matches(self, track: str, category: str | None, actor: str | None, election: str | None) -> bool:
        return (
            self.track == track
            and self.category in ("*", category)
            and self.actor in ("*", actor)
            and self.election in ("*", election)
        )

    @property
    def specificity(self) -> int:
        return sum(value != "*" for value in (self.category, self.actor, self.election))


@dataclass(frozen=True, slots=True)
class TrackRule:
    category: str
    actor: str
    track: str
    legal_basis: tuple[str, ...]
    source: str
    status: str


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    kind: str  # formil | materiil
    applies_to: frozenset[str]
    name: str
    failure_reason: str
    fixable: bool
    legal_basis: str
    source: str
    status: str


@dataclass(frozen=True)
class WorkflowCatalogue:
    statuses: dict[str, CaseStatus]
    transitions: dict[tuple[str, str], TransitionRule]
    clock_rules: dict[str, ClockRule]
    routing_rules: tuple[RoutingRule, ...]
    track_rules: dict[tuple[str, str], TrackRule]
    requirements: tuple[Requirement, ...]
    clearances: dict[str, Tlp]
    clocks: dict[str, LegalClock]
    holidays: frozenset[date]
    categories: dict[str, ViolationCategory]
    handlers: dict[str, Handler]
    elections: dict[str, Election]
    organisations: dict[str, Organisation]

    @property
    def initial_status(self) -> CaseStatus:
        return min(self.statuses.values(), key=lambda s: s.position)

    def status(self, status_id: str) -> CaseStatus:
        """The status record; SetupError for an id the catalogue does not know (data drift)."""
        try:
            return self.statuses[status_id]
        except KeyError:
            raise SetupError(f"status {status_id!r} is not in the loaded case_statuses catalogue") from None

    def transitions_from(self, status_id: str) -> list[TransitionRule]:
        return [rule for (src, _), rule in self.transitions.items() if src == status_id]


_CACHE: WeakKeyDictionary[App, WorkflowCatalogue] = WeakKeyDictionary()


def workflow_catalogue(app: App) -> WorkflowCatalogue:
    """The catalogue loaded in `app`'s database (cached per App; `forget_catalogue` after a reload).

    Raises SetupError when the reference package loaded has no case workflow files.
    """
    if app not in _CACHE:
        _CACHE[app] = _load(app)
    return _CACHE[app]


def forget_catalogue(app: App) -> None:
    _CACHE.pop(app, None)
    app.reference.refresh()


def _rows(app: App, table: sa.Table) -> list[dict[str, Any]]:
    with app.db.read() as conn:
        return [dict(row) for row in conn.execute(sa.select(table)).mappings()]


def _load(app: App) -> WorkflowCatalogue:
    statuses = {r["id"]: _status(r) for r in _rows(app, wt.case_statuses)}
    if not statuses:
        raise SetupError(
            "katalog alur perkara belum dimuat: jalankan `awas reference load` "
            "(the loaded reference package has no case_statuses.csv)"
        )
    ref = app.reference
    return WorkflowCatalogue(
        statuses=statuses,
        transitions={
            (r["from_status"], r["to_status"]): _transition(r) for r in _rows(app, wt.case_transition_rules)
        },
        clock_rules={r["clock_id"]: _clock_rule(r) for r in _rows(app, wt.case_clock_rules)},
        routing_rules=tuple(_routing_rule(r) for r in _rows(app, wt.routing_rules)),
        track_rules={(r["category"], r["actor"]): _track_rule(r) for r in _rows(app, wt.track_rules)},
        requirements=tuple(_requirement(r) for r in _rows(app, wt.intake_requirements)),
        clearances={r["org_kind"]: Tlp(r["max_tlp"]) for r in _rows(app, wt.tlp_clearances)},
        clocks=ref.clocks,
        holidays=frozenset(ref.holidays),
        categories=ref.categories,
        handlers=ref.handlers,
        elections=ref.elections,
        organisations=ref.organisations,
    )


def _tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _status(r: dict[str, Any]) -> CaseStatus:
    return CaseStatus(
        r["id"],
        r["name"],
        r["name_en"],
        r["position"],
        r["open"],
        _tuple(r["events"]),
        r["source"],
        r["status"],
    )


def _transition(r: dict[str, Any]) -> TransitionRule:
    return TransitionRule(
        from_status=r["from_status"],
        to_status=r["to_status"],
        name=r["name"],
        kinds=frozenset(r["kinds"]),
        roles=frozenset(r["roles"]),
        org_scope=r["org_scope"],
        guard=r["guard"] or None,
        requires_reason=r["requires_reason"],
        may_extend=r["may_extend"],
        source=r["source"],
        status=r["status"],
    )


def _clock_rule(r: dict[str, Any]) -> ClockRule:
    return ClockRule(r["clock_id"], r["requires_event"] or None, _tuple(r["met_by"]), r["obligation"])


def _routing_rule(r: dict[str, Any]) -> RoutingRule:
    return RoutingRule(
        id=r["id"],
        priority=r["priority"],
        track=r["track"],
        category=r["category"],
        actor=r["actor"],
        election=r["election"],
        handler=r["handler"],
        legal_basis=_tuple(r["legal_basis"]),
        source=r["source"],
        status=r["status"],
    )


def _track_rule(r: dict[str, Any]) -> TrackRule:
    return TrackRule(
        r["category"], r["actor"], r["track"], _tuple(r["legal_basis"]), r["source"], r["status"]
    )


def _requirement(r: dict[str, Any]) -> Requirement:
    return Requirement(
        id=r["id"],
        kind=r["kind"],
        applies_to=frozenset(r["applies_to"]),
        name=r["name"],
        failure_reason=r["failure_reason"],
        fixable=r["fixable"],
        legal_basis=r["legal_basis"],
        source=r["source"],
        status=r["status"],
    )
