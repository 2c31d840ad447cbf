"""Hooks through which the cases capability tells evidence about a case, without evidence importing it.

A provider answers two questions for a case id: its header for the berita acara (number, title,
status) and which other subjects (its findings, posts, clusters...) belong to it, so an export
gathers evidence linked to those too. The cases capability registers
`awas.cases.evidence_provider:CaseEvidenceProvider` here (others may add one through the
entry-point group `awas.evidence_case_provider`); a case no provider knows is named by the id given
and gathers only what is linked to ("case", id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from awas.app import App
from awas.core.registry import Registry
from awas.evidence.records import Subject, SubjectType


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseHeader:
    case_id: str
    number: str
    title: str = ""
    status: str = ""
    details: dict[str, str] = field(default_factory=dict)  # e.g. {"penanganan": "gakkumdu"}


class CaseProvider(Protocol):
    """Implemented by the cases capability; constructed without arguments."""

    def header(self, app: App, case_id: str) -> CaseHeader | None:
        """The case's header, or None if this provider does not know the case."""

    def subjects(self, app: App, case_id: str) -> list[Subject]:
        """Other subjects whose evidence belongs in the case's package (may be empty)."""


CASE_PROVIDERS: Registry[CaseProvider] = Registry(
    "evidence_case_provider", {"cases": "awas.cases.evidence_provider:CaseEvidenceProvider"}
)


def _providers() -> list[CaseProvider]:
    return [CASE_PROVIDERS.get(name)() for name in CASE_PROVIDERS.names()]


def case_header(app: App, case_id: str) -> CaseHeader:
    """The first provider's header for the case, or one that names the case by its id."""
    for provider in _providers():
        header = provider.header(app, case_id)
        if header is not None:
            return header
    return CaseHeader(case_id=case_id, number=case_id)


def case_subjects(app: App, case_id: str) -> list[Subject]:
    """("case", id) and whatever the providers add, without duplicates."""
    found = [Subject(SubjectType.CASE, case_id)]
    for provider in _providers():
        found += provider.subjects(app, case_id)
    return list(dict.fromkeys(found))
