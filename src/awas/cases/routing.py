"""Routing by legal competence: which track a violation follows and which agency handles it.

Pure functions over the catalogue (track_rules.csv, routing_rules.csv, categories.csv, handlers.csv).
The track is the one given, else the track rule for (category, actor), else the category's default.
The handler is the matching routing rule with the highest priority, then the most specific, among
those whose handler is valid on the decision day (the KASN → BKN change on 24 Aug 2024 is two rules
and two validity periods, not an `if` in code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from awas.cases.catalogue import RoutingRule, WorkflowCatalogue
from awas.domain.legal import Track
from awas.errors import InputError, InputProblem


@dataclass(frozen=True, slots=True)
class RouteQuery:
    category: str | None
    track: str | None
    actor: str | None
    election: str | None  # election kind: pilgub | pilbup | pilwako
    decision_day: date


@dataclass(frozen=True, slots=True)
class Route:
    track: Track
    handler: str
    legal_basis: tuple[str, ...]
    rule_id: str
    rule_status: str


class RoutingError(InputError):
    """No routing rule gives a valid handler for this query (a gap in the catalogue)."""


def resolve_track(catalogue: WorkflowCatalogue, query: RouteQuery) -> tuple[Track, tuple[str, ...]]:
    """The track and the legal basis that put the case on it; InputError when nothing decides it."""
    if query.track:
        return Track(query.track), ()
    for key in ((query.category or "", query.actor or ""), ("*", query.actor or "")):
        rule = catalogue.track_rules.get(key)
        if rule is not None:
            return Track(rule.track), rule.legal_basis
    category = catalogue.categories.get(query.category or "")
    if category is None:
        raise InputError(InputProblem("route", "kategori atau jalur (track) harus diisi", field="category"))
    return category.default_track, ()


def candidate_rules(catalogue: WorkflowCatalogue, query: RouteQuery, track: Track) -> list[RoutingRule]:
    """Matching rules, best first (priority, then specificity, then id for a stable order)."""
    matching = [
        r
        for r in catalogue.routing_rules
        if r.matches(track.value, query.category, query.actor, query.election)
    ]
    return sorted(matching, key=lambda r: (-r.priority, -r.specificity, r.id))


def resolve_handler(catalogue: WorkflowCatalogue, query: RouteQuery, track: Track) -> RoutingRule:
    """The best matching rule whose handler is valid on the decision day; RoutingError when none.

    Only the best-ranked rules compete: a lower-ranked rule never stands in for a best-ranked one
    whose handler is out of validity (an ASN case must not fall through to the police).
    """
    rules = candidate_rules(catalogue, query, track)
    if not rules:
        raise RoutingError(InputProblem("route", f"tidak ada aturan penerusan untuk jalur {track.value}"))
    top = [r for r in rules if (r.priority, r.specificity) == (rules[0].priority, rules[0].specificity)]
    for rule in top:
        if handler_valid_on(catalogue, rule.handler, query.decision_day):
            return rule
    raise RoutingError(
        InputProblem(
            "route",
            f"tidak ada instansi penerus yang berlaku pada {query.decision_day.isoformat()} "
            f"untuk jalur {track.value} (aturan {', '.join(r.id for r in top)})",
        )
    )


def route(catalogue: WorkflowCatalogue, query: RouteQuery) -> Route:
    """Track, handler and legal basis (category basis, then track rule, then routing rule)."""
    if query.category and query.category not in catalogue.categories:
        raise InputError(
            InputProblem("route", f"kategori {query.category!r} tidak dikenal", field="category")
        )
    track, track_basis = resolve_track(catalogue, query)
    rule = resolve_handler(catalogue, query, track)
    category = catalogue.categories.get(query.category or "")
    basis = (*(category.legal_basis if category else ()), *track_basis, *rule.legal_basis)
    return Route(track, rule.handler, tuple(dict.fromkeys(basis)), rule.id, rule.status)


def handler_valid_on(catalogue: WorkflowCatalogue, handler_id: str, day: date) -> bool:
    handler = catalogue.handlers.get(handler_id)
    return handler is not None and handler.valid_on(day)
