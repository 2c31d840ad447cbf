"""Typed records the case services return (to the CLI, the web board, evidence's berita acara).

None of them carries a reporter's identity except `RevealedReporter`, which only `reveal_identity`
returns, to roles allowed to see it, with the disclosure logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from awas.cases.clocks import Deadline, DeadlineState


@dataclass(slots=True)  # not frozen: built 10,000 at a time for the board (see queries.board_rows)
class CaseHeader:
    """What another capability needs to name a case (evidence's berita acara, notifications)."""

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


@dataclass(slots=True)  # not frozen: built 10,000 at a time for the board (see queries.board_rows)
class DeadlineView:
    """A deadline as shown: the clock, its due time, its state now, the rule and where it comes from."""

    deadline: Deadline
    state: DeadlineState

    @property
    def clock_id(self) -> str:
        return self.deadline.clock_id

    @property
    def due_at(self) -> datetime:
        return self.deadline.due_at


@dataclass(slots=True)  # not frozen: built 10,000 at a time for the board (see queries.board_rows)
class NextDeadline:
    """A case's next unmet legal obligation, for the board: when, its state now, the rule and source."""

    clock_id: str
    name: str
    due_at: datetime
    state: DeadlineState
    rule: str
    legal_basis: str
    source: str
    source_status: str


@dataclass(slots=True)  # not frozen: built 10,000 at a time for the board (see queries.board_rows)
class CaseSummary:
    """One row of a case board: the header, who owns and handles it, and its next deadline."""

    header: CaseHeader
    owner_org_id: str
    handler_org_id: str | None
    is_open: bool
    version: int
    received_at: datetime | None
    known_at: datetime
    next_deadline: NextDeadline | None


@dataclass(frozen=True, slots=True)
class RequirementResult:
    id: str
    kind: str
    name: str
    met: bool
    fixable: bool
    reason: str
    legal_basis: str
    source_status: str


@dataclass(frozen=True, slots=True)
class TransitionRecord:
    version: int
    from_status: str | None
    to_status: str
    actor: str
    actor_org: str
    at: datetime
    reason: str
    extended: bool


@dataclass(frozen=True, slots=True)
class TransitionOption:
    """A next status from the catalogue and whether this user may take it now (and why not)."""

    to_status: str
    name: str
    requires_reason: bool
    may_extend: bool
    allowed: bool
    why_not: str | None


@dataclass(frozen=True, slots=True)
class ShareRecord:
    org_id: str
    tlp: str
    via: str
    shared_by: str
    shared_at: datetime
    reason: str
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class CaseEvent:
    event: str
    at: datetime
    actor: str
    reason: str


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """A case page: everything the viewer may see, plus the transitions this viewer may take next."""

    summary: CaseSummary
    description: str
    place: str | None
    terlapor: str | None
    actor: str | None
    election_id: str | None
    region_code: str | None
    occurred_at: datetime | None
    admissible: bool
    requirements: tuple[RequirementResult, ...]
    deadlines: tuple[DeadlineView, ...]
    transitions: tuple[TransitionRecord, ...]
    events: tuple[CaseEvent, ...]
    next_transitions: tuple[TransitionOption, ...]
    shares: tuple[ShareRecord, ...] = ()
    reporters: int = 0
    route_legal_basis: tuple[str, ...] = ()
    route_overridden: bool = False
    route_reason: str | None = None


@dataclass(frozen=True, slots=True)
class IntakeResult:
    case_id: int
    number: str
    status: str
    merged: bool
    admissible: bool
    requirements: tuple[RequirementResult, ...] = field(default=())
    reporter_seq: int | None = None


@dataclass(frozen=True, slots=True)
class RevealedReporter:
    seq: int
    name: str
    nik: str | None
    address: str
    phone: str | None
    email: str | None
    known_at: datetime
    received_at: datetime
    witnesses: tuple[str, ...]
