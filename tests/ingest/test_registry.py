from __future__ import annotations

from datetime import UTC, datetime

from awas.app import App
from awas.ingest.registry import CampaignAccountRegistry
from awas.store.tables import campaign_accounts


def test_authors_are_matched_by_account_id_then_handle(app: App) -> None:
    now = datetime(2024, 9, 20, tzinfo=UTC)
    with app.db.transaction() as conn:
        conn.execute(
            campaign_accounts.insert(),
            [
                {
                    "paslon_id": "pilgub-15-2024#2",
                    "platform": "instagram",
                    "handle": "@HarisSani.Official",
                    "account_id": "1789",
                    "registered_at": now,
                    "created_at": now,
                },
                {
                    "paslon_id": "pilgub-15-2024#1",
                    "platform": "tiktok",
                    "handle": "romisudirman",
                    "account_id": None,
                    "registered_at": now,
                    "created_at": now,
                },
            ],
        )
    registry = CampaignAccountRegistry(app.db)
    assert registry.lookup("instagram", "1789", None).paslon_id == "pilgub-15-2024#2"  # type: ignore[union-attr]
    assert registry.lookup("instagram", "other", "harissani.official").paslon_id == "pilgub-15-2024#2"  # type: ignore[union-attr]
    assert registry.lookup("tiktok", "555", "@RomiSudirman").paslon_id == "pilgub-15-2024#1"  # type: ignore[union-attr]
    assert registry.lookup("x", "1789", "harissani.official") is None
    assert registry.lookup("tiktok", "555", None) is None
