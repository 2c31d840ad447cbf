"""The campaign account registry: CSV import (all or nothing), links to paslon, unregistered campaigners."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.errors import InputError
from awas.ingest.accounts import AccountService
from awas.ingest.campaigners import CampaignAccountReport
from awas.ingest.registry import CampaignAccountRegistry
from awas.ingest.service import IngestService
from awas.ingest.tables import post_intake
from tests.ingest.conftest import canonical, write_jsonl

HEADER = "paslon_id,platform,handle,account_id,registered_at,deactivated_at\n"


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "akun.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_registry_import_sets_dates_in_wib_and_is_idempotent(app: App, tmp_path: Path) -> None:
    path = _csv(tmp_path, "pilgub-15-2024#2,instagram,@HarisSani.demo,555,2024-09-24,2024-11-23\n")
    service = AccountService(app)
    assert service.import_csv(path, actor="t")["new"] == 1
    assert service.import_csv(path, actor="t") | {"posts_linked": 0} == {
        "new": 0,
        "updated": 0,
        "unchanged": 1,
        "posts_linked": 0,
    }
    account = CampaignAccountRegistry(app.db).lookup("instagram", "x", "harissani.demo")
    assert account is not None and account.registered_at.isoformat() == "2024-09-23T17:00:00+00:00"  # type: ignore[union-attr]
    assert account.deactivated_at.isoformat() == "2024-11-23T16:59:59+00:00"  # type: ignore[union-attr]


def test_a_registry_with_bad_rows_is_refused_whole(app: App, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "pilgub-15-2024#2,instagram,a,,2024-09-24,\npilgub-15-2024#9,instagram,b,,,\n"
        "pilgub-15-2024#1,friendster,c,,,\npilgub-15-2024#1,x,,,,\npilgub-15-2024#1,x,d,,2024-09-24T10:00,\n",
    )
    with pytest.raises(InputError) as raised:
        AccountService(app).import_csv(path, actor="t")
    where = {(p.line, p.field) for p in raised.value.problems}
    assert where == {(3, "paslon_id"), (4, "platform"), (5, "handle"), (6, "registered_at")}
    assert CampaignAccountReport(app).registered() == []


def test_more_than_twenty_accounts_per_platform_is_refused(app: App, tmp_path: Path) -> None:
    rows = "".join(f"pilgub-15-2024#1,tiktok,akun{i},,,\n" for i in range(21))
    with pytest.raises(InputError, match="batas 20"):
        AccountService(app).import_csv(_csv(tmp_path, rows), actor="t")


def test_posts_are_linked_to_their_paslon_before_and_after_registration(app: App, tmp_path: Path) -> None:
    intake = IngestService(app)
    early = write_jsonl(
        tmp_path / "a.jsonl",
        [canonical("1", platform="tiktok", author_id="romi.demo", author_handle="romi.demo")],
    )
    intake.import_file(early, "jsonl", actor="t")
    AccountService(app).import_csv(_csv(tmp_path, "pilgub-15-2024#1,tiktok,romi.demo,,,\n"), actor="t")
    late = write_jsonl(
        tmp_path / "b.jsonl",
        [canonical("2", platform="tiktok", author_id="romi.demo", author_handle="ROMI.demo")],
    )
    IngestService(app).import_file(late, "jsonl", actor="t")
    with app.db.read() as conn:
        linked = dict(conn.execute(sa.select(post_intake.c.post_id, post_intake.c.paslon_id)).all())
    assert linked == {"1": "pilgub-15-2024#1", "2": "pilgub-15-2024#1"}


def test_unregistered_accounts_that_campaign_are_listed(app: App, tmp_path: Path) -> None:
    AccountService(app).import_csv(_csv(tmp_path, "pilgub-15-2024#2,facebook,harissani.demo,,,\n"), actor="t")
    text = "Ayo coblos nomor urut 2 Al Haris - Sani, menang satu putaran!"
    records = [
        canonical(
            f"u{i}", platform="facebook", author_id="buzzer1", author_handle="buzzer1", text=text + f" {i}"
        )
        for i in range(3)
    ]
    records += [
        canonical(
            f"r{i}",
            platform="facebook",
            author_id="harissani.demo",
            author_handle="harissani.demo",
            text=text,
        )
        for i in range(3)
    ]
    records += [
        canonical(
            "o1", platform="facebook", author_id="warga", text="Harga karet turun, semoga pilkada damai"
        )
    ] * 1
    records += [canonical("s1", platform="facebook", author_id="sekali", text=text)]
    IngestService(app).import_file(write_jsonl(tmp_path / "p.jsonl", records), "jsonl", actor="t")
    found = CampaignAccountReport(app).unregistered(min_posts=2)
    assert [(u.author_id, u.campaign_posts, u.paslon_mentioned) for u in found] == [
        ("buzzer1", 3, "pilgub-15-2024#2")
    ]
