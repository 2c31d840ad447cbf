"""Exceptions shared by every capability, with the exit status each front end maps them to.

Contract (specs/cli-contracts.md): 2 invalid input or usage, 3 integrity failure, 1 unexpected error.
"""

from __future__ import annotations

from dataclasses import dataclass


class AwasError(Exception):
    """Base class of every error awas raises on purpose."""

    exit_code = 1


class ConfigError(AwasError):
    """A setting is missing or invalid; raised at start, before any work is done."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One thing wrong with an input: where (file, line or record, field) and why."""

    file: str
    reason: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.reason}"


class InputError(AwasError):
    """Input was rejected; carries every problem found so the user can fix them in one go.

    Raising it means nothing from that input was stored.
    """

    exit_code = 2

    def __init__(self, problems: list[InputProblem] | InputProblem, summary: str = "") -> None:
        self.problems = [problems] if isinstance(problems, InputProblem) else list(problems)
        self.summary = summary or f"{len(self.problems)} problem(s) in input"
        super().__init__(self.summary + "\n" + "\n".join(str(p) for p in self.problems[:50]))


class IntegrityError(AwasError):
    """Verification found tampering or damage; names each damaged item."""

    exit_code = 3

    def __init__(self, items: list[str], summary: str = "integrity check failed") -> None:
        self.items = items
        super().__init__(summary + "\n" + "\n".join(items))


class NotFoundError(AwasError):
    """A named object (case, post, unit...) does not exist or is not visible to the caller."""

    exit_code = 2


class PermissionDenied(AwasError):
    """The actor may not do this; the attempt is logged by the caller."""

    exit_code = 2
