"""The campaign account registry as loaded in the database: is this author a paslon's official account?

Implements `awas.domain.accounts.AccountRegistry`. Lookups match the platform's account id first,
then the handle (case-insensitive, without '@'). Loaded once per instance; `refresh()` after imports.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.domain.accounts import CampaignAccount
from awas.store.db import Database
from awas.store.tables import campaign_accounts


def normalise_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


class CampaignAccountRegistry:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._by_id: dict[tuple[str, str], CampaignAccount] = {}
        self._by_handle: dict[tuple[str, str], CampaignAccount] = {}
        self.refresh()

    def refresh(self) -> None:
        with self._db.read() as conn:
            rows = conn.execute(sa.select(campaign_accounts)).all()
        accounts = [
            (
                r,
                CampaignAccount(
                    r.paslon_id, r.platform, r.handle, r.account_id, r.registered_at, r.deactivated_at
                ),
            )
            for r in rows
        ]
        self._by_id = {(r.platform, r.account_id): a for r, a in accounts if r.account_id}
        self._by_handle = {(r.platform, normalise_handle(r.handle)): a for r, a in accounts}

    def lookup(self, platform: str, author_id: str, handle: str | None) -> CampaignAccount | None:
        found = self._by_id.get((platform, author_id))
        if found is None and handle:
            found = self._by_handle.get((platform, normalise_handle(handle)))
        return found

    def all(self) -> list[CampaignAccount]:
        return list(self._by_handle.values())
