"""The contract of a live indicator provider (one abstract method, C2)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from awas.store.db import Database


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """What an indicator is. `saturation` is the raw value at which it counts as fully vulnerable (N=1)."""

    key: str
    label_id: str
    label_en: str
    unit: str
    weight: float
    saturation: float
    description: str


@dataclass(frozen=True, slots=True)
class IndicatorContext:
    """What a provider measures over: the window, the kab/kota, and their voters and TPS.

    `voters` is the Pilkada 2024 DPT where published, else the DPT of Pemilu Feb 2024 (`voters_source`
    says which per unit); `tps` is the TPS count of Pilkada 2024.
    """

    db: Database
    window_start: datetime
    as_of: datetime
    kabkota: tuple[str, ...]
    voters: Mapping[str, int]
    voters_source: Mapping[str, str]
    tps: Mapping[str, int]

    def per_voters(self, counts: Mapping[str, float], per: int = 10_000) -> dict[str, float]:
        """Counts per `per` voters for every kab/kota (0 where voters are unknown)."""
        return {
            code: (counts.get(code, 0.0) * per / self.voters[code]) if self.voters.get(code) else 0.0
            for code in self.kabkota
        }

    def per_tps(self, counts: Mapping[str, float], per: int = 100) -> dict[str, float]:
        """Counts per `per` TPS for every kab/kota (0 where the TPS count is unknown)."""
        return {
            code: (counts.get(code, 0.0) * per / self.tps[code]) if self.tps.get(code) else 0.0
            for code in self.kabkota
        }


class IndicatorProvider(ABC):
    """One live indicator. `measure` returns raw values per kab/kota code; raises nothing on empty data
    (an empty table means 0 everywhere); database errors propagate."""

    spec: ClassVar[IndicatorSpec]

    @abstractmethod
    def measure(self, ctx: IndicatorContext) -> dict[str, float]:
        """Raw value of the indicator per kab/kota code in `ctx.kabkota`, over the window."""
