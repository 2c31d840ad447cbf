"""Officially registered campaign accounts (PKPU 13/2024: up to 20 per platform per paslon)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CampaignAccount:
    paslon_id: str  # "<election>#<nomor urut>"
    platform: str
    handle: str
    account_id: str | None
    registered_at: datetime | None
    deactivated_at: datetime | None

    def active_at(self, moment: datetime) -> bool:
        started = self.registered_at is None or moment >= self.registered_at
        return started and (self.deactivated_at is None or moment < self.deactivated_at)


class AccountRegistry(Protocol):
    """Looks up whether an author is a paslon's registered account (implemented by awas.ingest)."""

    def lookup(self, platform: str, author_id: str, handle: str | None) -> CampaignAccount | None: ...
