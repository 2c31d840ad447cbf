"""Typed records of the intake capability: rejections, run summaries, source definitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from awas.domain.posts import Post
from awas.errors import InputProblem


@dataclass(frozen=True, slots=True)
class Rejection:
    """One record (or a whole source) that was not accepted: where it was and why."""

    source: str
    reason: str
    line: int | None = None
    field: str | None = None
    excerpt: str = ""

    def problem(self) -> InputProblem:
        return InputProblem(self.source, self.reason, self.line, self.field)


# What importers and feeders yield: a post, or a rejection that the run quarantines and counts.
Item = Post | Rejection


@dataclass
class RunSummary:
    """Counts of one import or feed run; `accepted` + `existing` + `rejected` = records read."""

    source: str
    format: str
    run_id: int | None = None
    accepted: int = 0
    existing: int = 0
    rejected: int = 0
    resumed_from_line: int = 0
    problems: list[Rejection] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.accepted + self.existing + self.rejected

    def add(self, other: RunSummary) -> None:
        self.accepted += other.accepted
        self.existing += other.existing
        self.rejected += other.rejected
        self.problems.extend(other.problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "run_id": self.run_id,
            "accepted": self.accepted,
            "existing": self.existing,
            "rejected": self.rejected,
            "total": self.total,
            "resumed_from_line": self.resumed_from_line,
            "problems": [
                {"source": p.source, "line": p.line, "field": p.field, "reason": p.reason}
                for p in self.problems[:100]
            ],
        }


@dataclass(frozen=True, slots=True)
class Source:
    """A configured feed, watched page or live collector (`awas sources add`)."""

    name: str
    kind: str
    url: str
    config: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    status: str = "unverified"
    note: str = ""
