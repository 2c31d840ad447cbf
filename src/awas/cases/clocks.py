"""Legal clocks: when each deadline of a case falls, from the dated events of the case.

Pure functions over the catalogue. Conventions (clocks.csv, cli-contracts.md): "within N days of X"
ends at 23:59:59 WIB on the calendar date of X plus N days; working-day clocks skip Saturdays,
Sundays and the national holidays in holidays.csv; hour clocks run from the exact moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from awas.cases.catalogue import ClockRule, WorkflowCatalogue
from awas.domain.legal import DayKind, LegalClock
from awas.timeutil import end_of_day_wib, wib_date

DAY_WORDS = {DayKind.CALENDAR: "hari kalender", DayKind.WORKING: "hari kerja"}
# How an anchor of clocks.csv reads in a sentence; an anchor not listed is shown as written.
ANCHOR_WORDS = {
    "known_at": "diketahui",
    "received_at": "laporan diterima",
    "decided_at": "putusan Bawaslu",
    "decision_due": "batas putusan",
    "temuan_decision_due": "batas putusan",
    "forwarded_at": "berkas diteruskan ke penyidik",
    "file_submitted_at": "berkas diserahkan ke penuntut umum",
    "file_returned_at": "berkas dikembalikan",
    "file_complete_at": "berkas lengkap",
    "court_received_at": "pelimpahan ke pengadilan",
    "court_decided_at": "putusan pengadilan negeri",
    "appeal_received_at": "banding diterima",
}


class DeadlineState(StrEnum):
    PENDING = "pending"  # running, not yet due
    OVERDUE = "overdue"  # an obligation past due with no meeting event, case still open
    MET = "met"  # met on time
    LATE = "late"  # met, but after the deadline
    EXPIRED = "expired"  # past due, not an obligation (a right of the parties) or the case is closed


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What decides which clocks apply to a case."""

    kind: str
    track: str | None
    handler: str | None
    routed: bool


@dataclass(slots=True)  # not frozen: built 10,000 at a time for the board
class Deadline:
    """One legal deadline of a case, with the rule and the source it comes from."""

    clock_id: str
    name: str
    anchor_at: datetime
    due_at: datetime
    met_at: datetime | None
    obligation: bool
    rule: str
    legal_basis: str
    source: str
    source_status: str

    def state(self, now: datetime, case_open: bool = True) -> DeadlineState:
        if self.met_at is not None:
            return DeadlineState.MET if self.met_at <= self.due_at else DeadlineState.LATE
        if now <= self.due_at:
            return DeadlineState.PENDING if case_open else DeadlineState.EXPIRED
        return DeadlineState.OVERDUE if self.obligation and case_open else DeadlineState.EXPIRED


def is_working_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date]) -> date:
    """The `days`-th working day after `start` (`start` itself is never counted)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_working_day(day, holidays)
    return day


def due_at(clock: LegalClock, anchor: datetime, holidays: frozenset[date]) -> datetime:
    """When `clock` expires if it starts at `anchor` (aware), as an aware UTC-comparable datetime."""
    if clock.unit == "hour":
        return anchor + timedelta(hours=clock.amount)
    if clock.day_kind is DayKind.WORKING:
        day = add_working_days(wib_date(anchor), clock.amount, holidays)
    else:
        day = wib_date(anchor) + timedelta(days=clock.amount)
    if clock.end_of_day:
        return end_of_day_wib(day)
    return anchor + timedelta(days=(day - wib_date(anchor)).days)


def describe_rule(clock: LegalClock) -> str:
    """The rule in words, e.g. "7 hari kalender sejak diketahui (UU 1/2015 Pasal 134 ayat (4))"."""
    unit = "jam" if clock.unit == "hour" else DAY_WORDS[clock.day_kind]
    return f"{clock.amount} {unit} sejak {ANCHOR_WORDS.get(clock.anchor, clock.anchor)} ({clock.legal_basis})"


def applies(clock: LegalClock, facts: CaseFacts) -> bool:
    """Whether a clock concerns this case: by kind (laporan/temuan), track (pidana) or handler."""
    target = clock.applies_to
    return target in (facts.kind, facts.track) or (facts.routed and target == facts.handler)


def compute_deadlines(
    catalogue: WorkflowCatalogue, facts: CaseFacts, events: Mapping[str, datetime]
) -> list[Deadline]:
    """Every deadline that has started for a case, given its events (`known`, `received`, `decided`...)."""
    found: dict[str, Deadline] = {}
    for clock_id in catalogue.clock_rules:
        _resolve(catalogue, facts, events, clock_id, found, depth=0)
    return sorted(found.values(), key=lambda d: (d.due_at, d.clock_id))


def _resolve(
    catalogue: WorkflowCatalogue,
    facts: CaseFacts,
    events: Mapping[str, datetime],
    clock_id: str,
    found: dict[str, Deadline],
    depth: int,
) -> Deadline | None:
    if clock_id in found:
        return found[clock_id]
    clock, rule = catalogue.clocks.get(clock_id), catalogue.clock_rules.get(clock_id)
    if clock is None or rule is None or depth > len(catalogue.clocks) or not applies(clock, facts):
        return None
    if rule.requires_event and rule.requires_event not in events:
        return None
    anchor = _anchor_time(catalogue, facts, events, clock.anchor, found, depth)
    if anchor is None:
        return None
    found[clock_id] = _deadline(clock, rule, anchor, events, catalogue.holidays)
    return found[clock_id]


def _anchor_time(
    catalogue: WorkflowCatalogue,
    facts: CaseFacts,
    events: Mapping[str, datetime],
    anchor: str,
    found: dict[str, Deadline],
    depth: int,
) -> datetime | None:
    if anchor in catalogue.clocks:  # anchored on another clock's deadline (the 2-day extension)
        base = _resolve(catalogue, facts, events, anchor, found, depth + 1)
        return base.due_at if base else None
    return events.get(anchor.removesuffix("_at"))


def _deadline(
    clock: LegalClock,
    rule: ClockRule,
    anchor: datetime,
    events: Mapping[str, datetime],
    holidays: frozenset[date],
) -> Deadline:
    met = [events[name] for name in rule.met_by if name in events]
    return Deadline(
        clock_id=clock.id,
        name=clock.name,
        anchor_at=anchor,
        due_at=due_at(clock, anchor, holidays),
        met_at=min(met) if met else None,
        obligation=rule.obligation,
        rule=describe_rule(clock),
        legal_basis=clock.legal_basis,
        source=clock.source,
        source_status=clock.status.value,
    )


def next_due(deadlines: list[Deadline]) -> Deadline | None:
    """The earliest obligation still unmet (what a case board sorts on)."""
    pending = [d for d in deadlines if d.obligation and d.met_at is None]
    return min(pending, key=lambda d: d.due_at) if pending else None
