"""Cross-checks of the case workflow catalogue (statuses, transitions, clock rules, routing, intake).

Each check yields InputProblems naming file, line and field, like the checks in `validate.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from awas.domain.cases import Actor, CaseKind
from awas.domain.orgs import Role
from awas.errors import InputProblem

if TYPE_CHECKING:
    from awas.reference.validate import ValidPackage

WORKFLOW_FILES = (
    "case_statuses.csv",
    "case_transitions.csv",
    "case_clock_rules.csv",
    "routing_rules.csv",
    "track_rules.csv",
    "intake_requirements.csv",
    "tlp_clearances.csv",
)
KINDS = {k.value for k in CaseKind}
ROLES = {r.value for r in Role}
ACTORS = {a.value for a in Actor}


Problem = Callable[[str, str], InputProblem]


def _each(package: ValidPackage, name: str) -> Iterator[tuple[dict[str, Any], Problem]]:
    """Rows of a file, each with a function making a problem (column, reason) at the row's line."""
    parsed = package.files.get(name)
    if parsed is None:
        return
    for row, line in zip(parsed.rows, parsed.lines, strict=True):
        yield row, _problem_at(str(parsed.path), line)


def _problem_at(file: str, line: int) -> Problem:
    return lambda column, reason: InputProblem(file, reason, line=line, field=column)


def _ids(package: ValidPackage, name: str, column: str = "id") -> set[str]:
    return {row[column] for row in package.rows(name)}


def check_complete(package: ValidPackage) -> Iterator[InputProblem]:
    """The workflow files come together: all of them or none."""
    present = [n for n in WORKFLOW_FILES if n in package.files]
    if present:
        for name in WORKFLOW_FILES:
            if name not in package.files:
                yield InputProblem(str(package.folder / name), f"required with {present[0]} (case workflow)")


def check_transitions(package: ValidPackage) -> Iterator[InputProblem]:
    statuses = _ids(package, "case_statuses.csv")
    for row, at in _each(package, "case_transitions.csv"):
        for column in ("from_status", "to_status"):
            if row[column] not in statuses:
                yield at(column, f"status {row[column]!r} is not in case_statuses.csv")
        yield from (at("kinds", f"unknown case kind {k!r}") for k in row["kinds"] if k not in KINDS)
        yield from (at("roles", f"unknown role {r!r}") for r in row["roles"] if r not in ROLES)
        if not row["kinds"] or not row["roles"]:
            yield at("roles" if row["kinds"] else "kinds", "must name at least one value")


def check_clock_rules(package: ValidPackage) -> Iterator[InputProblem]:
    clocks = _ids(package, "clocks.csv")
    applies = {row["id"]: row["applies_to"] for row in package.rows("clocks.csv")}
    for row, at in _each(package, "clocks.csv"):
        anchor = applies.get(row["anchor"])
        if anchor is not None and anchor != row["applies_to"]:
            yield at(
                "anchor", f"clock {row['anchor']!r} applies to {anchor}, this one to {row['applies_to']}"
            )
    for row, at in _each(package, "case_clock_rules.csv"):
        if row["clock_id"] not in clocks:
            yield at("clock_id", f"clock {row['clock_id']!r} is not in clocks.csv")
        if not row["met_by"]:
            yield at("met_by", "a clock must name the event that meets it")


def _known(value: str, allowed: set[str]) -> bool:
    return value == "*" or value in allowed


def check_routing(package: ValidPackage) -> Iterator[InputProblem]:
    handlers, categories = _ids(package, "handlers.csv"), _ids(package, "categories.csv")
    for row, at in _each(package, "routing_rules.csv"):
        if row["handler"] not in handlers:
            yield at("handler", f"handler {row['handler']!r} is not in handlers.csv")
        if not _known(row["category"], categories):
            yield at("category", f"category {row['category']!r} is not in categories.csv")
        if not _known(row["actor"], ACTORS):
            yield at("actor", f"unknown actor {row['actor']!r}")
    for row, at in _each(package, "track_rules.csv"):
        if not _known(row["category"], categories):
            yield at("category", f"category {row['category']!r} is not in categories.csv")
        if row["actor"] not in ACTORS:
            yield at("actor", f"unknown actor {row['actor']!r}")


def check_requirements(package: ValidPackage) -> Iterator[InputProblem]:
    for row, at in _each(package, "intake_requirements.csv"):
        yield from (at("applies_to", f"unknown case kind {k!r}") for k in row["applies_to"] if k not in KINDS)


WORKFLOW_CHECKS = (check_complete, check_transitions, check_clock_rules, check_routing, check_requirements)
