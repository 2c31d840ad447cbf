"""Calendar and registry rules, one test per rule and its boundaries."""

from __future__ import annotations

import pytest

from awas.detect.context import RegistrySnapshot, schedule_from
from awas.detect.schedule_rules import CampaignSignal, Schedule, paid_flag, schedule_hits
from awas.domain.accounts import CampaignAccount
from tests.detect.conftest import Reference, make_post

ACCOUNT = CampaignAccount("pilgub-15-2024#2", "instagram", "harissani.official", "u110", None, None)


@pytest.fixture(scope="module")
def schedule(reference: Reference) -> Schedule:
    return schedule_from(reference.schedule)


def _rules(schedule: Schedule, when: str, signal: CampaignSignal, **fields: object) -> set[str]:
    post = make_post("x", created_at=when, **fields)
    return {h.rule_id for h in schedule_hits(post, signal, schedule, schedule.stages_at(post.created_at))}


def _signal(
    *,
    campaign: bool = True,
    account: CampaignAccount | None = None,
    term: str | None = None,
    paid: str | None = None,
) -> CampaignSignal:
    return CampaignSignal(campaign, account, term, paid)


def test_registered_account_posting_in_masa_tenang(schedule: Schedule) -> None:
    assert _rules(schedule, "2024-11-25T19:00:00+07:00", _signal(account=ACCOUNT)) == {"os.registered_quiet"}
    assert _rules(schedule, "2024-11-27T08:00:00+07:00", _signal(account=ACCOUNT, campaign=False)) == {
        "os.registered_quiet"
    }


def test_registered_account_in_the_campaign_period_is_fine(schedule: Schedule) -> None:
    assert _rules(schedule, "2024-11-23T23:59:00+07:00", _signal(account=ACCOUNT)) == set()


def test_registered_account_campaigning_before_the_campaign_period(schedule: Schedule) -> None:
    assert _rules(schedule, "2024-09-24T10:00:00+07:00", _signal(account=ACCOUNT)) == {"os.registered_early"}


def test_anyone_campaigning_in_masa_tenang(schedule: Schedule) -> None:
    assert _rules(schedule, "2024-11-24T00:00:00+07:00", _signal()) == {"os.quiet_campaign_content"}
    assert _rules(schedule, "2024-11-24T00:00:00+07:00", _signal(campaign=False)) == set()


def test_paid_campaign_content_outside_the_ad_window(schedule: Schedule) -> None:
    assert _rules(schedule, "2024-11-03T10:00:00+07:00", _signal(paid="raw.sponsored")) == {
        "os.paid_outside_ad_window"
    }
    assert _rules(schedule, "2024-11-12T10:00:00+07:00", _signal(paid="raw.sponsored")) == set()


def test_unregistered_account_that_presents_as_campaign_account(schedule: Schedule) -> None:
    assert _rules(schedule, "2024-10-10T10:00:00+07:00", _signal(term="relawan")) == {
        "uca.unregistered_campaign_account"
    }
    assert _rules(schedule, "2024-10-10T10:00:00+07:00", _signal()) == set()  # an ordinary supporter


def test_nothing_outside_the_election_season(schedule: Schedule) -> None:
    signal = _signal(account=ACCOUNT, term="relawan", paid="raw.sponsored")
    assert _rules(schedule, "2024-12-20T10:00:00+07:00", signal) == set()
    assert _rules(schedule, "2024-06-01T10:00:00+07:00", signal) == set()


def test_platform_ad_flags_are_read_from_the_raw_record() -> None:
    assert paid_flag(make_post("x", raw={"sponsored": True})) == "raw.sponsored"
    assert paid_flag(make_post("x", raw={"is_ad": "false"})) is None
    assert paid_flag(make_post("x")) is None


def test_registry_snapshot_matches_ids_then_handles() -> None:
    registry = RegistrySnapshot([ACCOUNT])
    assert registry.lookup("instagram", "u110", None) is ACCOUNT
    assert registry.lookup("instagram", "other", "@HarisSani.Official") is ACCOUNT
    assert registry.lookup("x", "u110", "harissani.official") is None
