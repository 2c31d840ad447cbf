"""The legal catalogue: violation categories, handler agencies, legal clocks and holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from awas.domain.provenance import SourceStatus

# Stable category ids (specs/cli-contracts.md). Reports, models and other agencies' systems use them.
CATEGORY_IDS = (
    "hate_speech",
    "abusive",
    "sara",
    "defamation",
    "hoax",
    "violence_threat",
    "anti_pancasila",
    "money_politics",
    "official_neutrality",
    "government_facilities",
    "worship_education_venue",
    "off_schedule_campaign",
    "unregistered_campaign_account",
    "child_involvement",
    "defacement",
    "service_outage",
    "data_leak",
    "phishing",
)


class Track(StrEnum):
    """How a violation is handled (Pasal 135 UU 1/2015)."""

    ADMINISTRASI = "administrasi"
    KODE_ETIK = "kode_etik"
    PIDANA = "pidana"
    HUKUM_LAIN = "hukum_lain"
    SENGKETA = "sengketa"


@dataclass(frozen=True, slots=True)
class ViolationCategory:
    id: str
    name: str
    name_en: str
    group: str
    default_track: Track
    handler: str
    legal_basis: tuple[str, ...]
    sanction: str
    description: str
    source: str
    status: SourceStatus


@dataclass(frozen=True, slots=True)
class Handler:
    id: str
    name: str
    kind: str
    valid_from: date | None
    valid_until: date | None
    description: str
    source: str
    status: SourceStatus

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day <= self.valid_until
        )


class DayKind(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True, slots=True)
class LegalClock:
    """A deadline rule: `amount` `unit`s after `anchor`, counted in calendar or working days."""

    id: str
    name: str
    applies_to: str
    anchor: str
    amount: int
    unit: str  # day or hour
    day_kind: DayKind
    end_of_day: bool
    legal_basis: str
    source: str
    status: SourceStatus


@dataclass(frozen=True, slots=True)
class Holiday:
    day: date
    name: str
    status: SourceStatus
