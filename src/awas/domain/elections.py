"""Elections, candidate pairs (paslon) and schedule phases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from awas.domain.provenance import SourceStatus


class ElectionKind(StrEnum):
    PILGUB = "pilgub"
    PILBUP = "pilbup"
    PILWAKO = "pilwako"


@dataclass(frozen=True, slots=True)
class Election:
    id: str
    kind: ElectionKind
    name: str
    region_code: str
    voting_date: date
    sirekap_race: str  # pkwkp (governor) or pkwkk (regent/mayor)
    sirekap_area: str
    tps_count: int | None
    dpt: int | None
    status: SourceStatus


@dataclass(frozen=True, slots=True)
class Paslon:
    election_id: str
    nomor_urut: int
    sirekap_id: str
    name: str
    kepala: str
    wakil: str
    short_name: str
    kolom_kosong: bool
    color: str

    @property
    def id(self) -> str:
        """Stable id: `<election>#<nomor urut>`."""
        return f"{self.election_id}#{self.nomor_urut}"


@dataclass(frozen=True, slots=True)
class SchedulePhase:
    stage: str
    name: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    source: str
    status: SourceStatus

    def contains(self, moment: datetime) -> bool:
        return self.starts_at <= moment <= self.ends_at
