"""`awas law route`: the routing contract of specs/cli-contracts.md, exactly.

Input `{"kind", "category", "track"?, "actor", "election", "occurred_at", "known_at", "received_at"
(laporan only)}`; output `{"track", "handler", "legal_basis", "admissible", "reasons",
"report_deadline", "decision_due", "decision_due_extended"}` with times in WIB (+07:00).
The handler is chosen for a decision taken on the day the case reaches Bawaslu (`received_at` for a
laporan, `known_at` for a temuan); a case routed later is routed again on its real decision day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from awas.cases.catalogue import WorkflowCatalogue
from awas.cases.clocks import CaseFacts, Deadline, compute_deadlines
from awas.cases.routing import Route, RouteQuery, route
from awas.domain.cases import Actor, CaseKind
from awas.domain.elections import ElectionKind
from awas.domain.legal import Track
from awas.errors import InputError, InputProblem
from awas.timeutil import parse_aware, to_wib, wib_date

MAX_SCENARIO_BYTES = 1024 * 1024
FIELDS = ("kind", "category", "track", "actor", "election", "occurred_at", "known_at", "received_at")
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": tuple(k.value for k in CaseKind if k in (CaseKind.LAPORAN, CaseKind.TEMUAN)),
    "track": tuple(t.value for t in Track),
    "actor": tuple(a.value for a in Actor),
    "election": tuple(e.value for e in ElectionKind),
}


@dataclass(frozen=True, slots=True)
class Scenario:
    kind: CaseKind
    category: str
    track: str | None
    actor: str
    election: str
    occurred_at: datetime
    known_at: datetime
    received_at: datetime | None


@dataclass(frozen=True, slots=True)
class ScenarioOutcome:
    route: Route
    admissible: bool
    reasons: tuple[str, ...]
    report_deadline: Deadline | None
    decision_due: Deadline
    decision_due_extended: Deadline


def read_scenario(path: Path, catalogue: WorkflowCatalogue) -> Scenario:
    """Read and check a scenario file; InputError naming the file, line (for bad JSON) and field."""
    name = str(path)
    if not path.is_file():
        raise InputError(InputProblem(name, "file not found"))
    data = path.read_bytes()
    if len(data) > MAX_SCENARIO_BYTES:
        raise InputError(InputProblem(name, f"file is larger than {MAX_SCENARIO_BYTES // 1024} KB"))
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(InputProblem(name, f"not valid UTF-8 (offset {exc.start})")) from None
    except json.JSONDecodeError as exc:
        raise InputError(InputProblem(name, f"not valid JSON: {exc.msg}", line=exc.lineno)) from None
    return parse_scenario(document, name, catalogue)


def parse_scenario(document: Any, name: str, catalogue: WorkflowCatalogue) -> Scenario:
    """A checked Scenario from a decoded JSON document; InputError listing every problem."""
    if not isinstance(document, dict):
        raise InputError(InputProblem(name, "must be a JSON object"))
    problems = [InputProblem(name, "unknown field", field=k) for k in document if k not in FIELDS]
    values = {key: _field(document, key, name, catalogue, problems) for key in FIELDS}
    problems.extend(_order_problems(values, name))
    if problems:
        raise InputError(problems, f"scenario {name} is invalid")
    return Scenario(
        kind=CaseKind(values["kind"]),
        category=values["category"],
        track=values["track"],
        actor=values["actor"],
        election=values["election"],
        occurred_at=values["occurred_at"],
        known_at=values["known_at"],
        received_at=values["received_at"],
    )


def _field(
    document: dict[str, Any], key: str, name: str, catalogue: WorkflowCatalogue, problems: list[InputProblem]
) -> Any:
    value = document.get(key)
    optional = key == "track" or (key == "received_at" and document.get("kind") == CaseKind.TEMUAN.value)
    if value is None:
        if not optional:
            problems.append(InputProblem(name, "required", field=key))
        return None
    if not isinstance(value, str):
        problems.append(InputProblem(name, "must be a string", field=key))
        return None
    if key.endswith("_at"):
        return _time(value, key, name, problems)
    allowed = tuple(catalogue.categories) if key == "category" else CHOICES.get(key)
    if allowed is not None and value not in allowed:
        problems.append(InputProblem(name, f"{value!r} is not one of {', '.join(allowed)}", field=key))
        return None
    return value


def _time(value: str, key: str, name: str, problems: list[InputProblem]) -> datetime | None:
    try:
        return parse_aware(value)
    except ValueError as exc:
        problems.append(InputProblem(name, f"not an ISO 8601 time with offset ({exc})", field=key))
        return None


def _order_problems(values: dict[str, Any], name: str) -> list[InputProblem]:
    occurred, known, received = values["occurred_at"], values["known_at"], values["received_at"]
    problems = []
    if occurred and known and known < occurred:
        problems.append(InputProblem(name, "known_at is before occurred_at", field="known_at"))
    if known and received and received < known:
        problems.append(InputProblem(name, "received_at is before known_at", field="received_at"))
    if values["kind"] == CaseKind.TEMUAN.value and received is not None:
        problems.append(InputProblem(name, "received_at is for a laporan only", field="received_at"))
    return problems


def evaluate(catalogue: WorkflowCatalogue, scenario: Scenario) -> ScenarioOutcome:
    """Route the scenario and compute its deadlines from the catalogue's clocks."""
    arrival = scenario.received_at or scenario.known_at
    query = RouteQuery(
        scenario.category, scenario.track, scenario.actor, scenario.election, wib_date(arrival)
    )
    found = route(catalogue, query)
    deadlines = _deadlines(catalogue, scenario, found)
    report = deadlines.get("report")
    late = report is not None and scenario.received_at is not None and scenario.received_at > report.due_at
    reasons = (_late_reason(scenario, report),) if late and report else ()
    return ScenarioOutcome(found, not late, reasons, report, deadlines["due"], deadlines["extended"])


def _deadlines(catalogue: WorkflowCatalogue, scenario: Scenario, found: Route) -> dict[str, Deadline]:
    events = {"occurred": scenario.occurred_at, "known": scenario.known_at}
    if scenario.received_at:
        events["received"] = scenario.received_at
    # A hypothetical extension, so the extended deadline is computed too (its date does not move it).
    events["extended"] = scenario.received_at or scenario.known_at
    facts = CaseFacts(scenario.kind.value, found.track.value, found.handler, routed=False)
    by_role: dict[str, Deadline] = {}
    for deadline in compute_deadlines(catalogue, facts, events):
        role = _role(catalogue, deadline.clock_id)
        if role:
            by_role.setdefault(role, deadline)
    missing = [r for r in ("due", "extended") if r not in by_role]
    if missing:
        raise InputError(InputProblem("catalogue", f"no decision clock for {scenario.kind.value}: {missing}"))
    return by_role


def _role(catalogue: WorkflowCatalogue, clock_id: str) -> str | None:
    """What a clock is for the contract: the report window, the decision due, or its extension."""
    rule = catalogue.clock_rules[clock_id]
    if "received" in rule.met_by:
        return "report"
    if "decided" in rule.met_by:
        return "extended" if rule.requires_event == "extended" else "due"
    return None


def _late_reason(scenario: Scenario, report: Deadline) -> str:
    received = to_wib(scenario.received_at or report.due_at).strftime("%d-%m-%Y %H:%M")
    due = to_wib(report.due_at).strftime("%d-%m-%Y %H:%M:%S")
    return f"laporan diterima {received} WIB, melewati batas {due} WIB ({report.rule})"


def contract_json(outcome: ScenarioOutcome) -> dict[str, Any]:
    """The output object of the contract, times ISO 8601 in WIB."""
    report = outcome.report_deadline
    return {
        "track": outcome.route.track.value,
        "handler": outcome.route.handler,
        "legal_basis": list(outcome.route.legal_basis),
        "admissible": outcome.admissible,
        "reasons": list(outcome.reasons),
        "report_deadline": to_wib(report.due_at).isoformat() if report else None,
        "decision_due": to_wib(outcome.decision_due.due_at).isoformat(),
        "decision_due_extended": to_wib(outcome.decision_due_extended.due_at).isoformat(),
    }
