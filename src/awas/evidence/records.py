"""Typed records of the evidence capability: subjects, captures, artefacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from awas.errors import InputError, InputProblem


class SubjectType(StrEnum):
    """What evidence can be attached to (owned here, so links need no other capability's tables)."""

    CASE = "case"
    FINDING = "finding"
    POST = "post"
    CLUSTER = "cluster"
    INCIDENT = "incident"


@dataclass(frozen=True, slots=True)
class Subject:
    type: SubjectType
    id: str

    def __str__(self) -> str:
        return f"{self.type.value}:{self.id}"

    @classmethod
    def parse(cls, text: str, source: str = "subject") -> Subject:
        """Parse `type:id` (e.g. `case:2024-001`); InputError naming the field otherwise."""
        kind, sep, ident = text.partition(":")
        if not sep or not ident.strip() or kind not in SubjectType.__members__.values():
            known = ", ".join(t.value for t in SubjectType)
            raise InputError(
                InputProblem(
                    source, f"harus berbentuk JENIS:ID, JENIS salah satu dari {known}", field="subject"
                )
            )
        return cls(SubjectType(kind), ident.strip())


class ArtefactKind(StrEnum):
    WARC = "warc"
    WACZ = "wacz"
    TEXT = "text"
    TLS_CHAIN = "tls_chain"
    SCREENSHOT = "screenshot"
    PDF = "pdf"
    RAW_RECORD = "raw_record"
    METADATA = "metadata"


@dataclass(frozen=True, slots=True)
class BuiltFile:
    """A file of a capture, built in scratch space, not yet in the vault."""

    kind: ArtefactKind
    name: str
    path: Path
    media_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Artefact:
    id: int
    capture_id: int
    kind: str
    name: str
    digest: str
    size: int
    media_type: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One capture attempt: stored with its artefacts, or failed with a reason and nothing stored."""

    id: int
    source_kind: str
    url: str | None
    post_pk: int | None
    status: str
    failure_code: str | None
    failure_reason: str | None
    actor: str
    reason: str
    started_at: datetime
    finished_at: datetime
    http_status: int | None
    final_url: str | None
    peer_ip: str | None
    media_type: str | None
    metadata: dict[str, Any] = field(default_factory=dict)
    artefacts: tuple[Artefact, ...] = ()

    @property
    def stored(self) -> bool:
        return self.status == "stored"
