"""Calendar and registry rules: who posted campaign content, and when.

- `os.registered_quiet`: a registered campaign account posts in the masa tenang or on voting day
  (official accounts must be deactivated before the masa tenang);
- `os.registered_early`: a registered account posts campaign content before the campaign period;
- `os.quiet_campaign_content`: anyone posts campaign content for a paslon in the masa tenang / on
  voting day;
- `os.paid_outside_ad_window`: paid or sponsored campaign content outside the ad window;
- `uca.unregistered_campaign_account`: an account that presents itself as a campaign account
  (handle or name with "relawan", "official", a paslon's name...) posts campaign content but is not
  in the registry. Ordinary citizens voicing support are not flagged.

Stage ids are those of the reference schedule (`kampanye`, `iklan_kampanye_media`, `masa_tenang`,
`pemungutan_suara`, `penetapan_paslon`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from awas.domain.accounts import AccountRegistry, CampaignAccount
from awas.domain.posts import Post

QUIET = frozenset({"masa_tenang", "pemungutan_suara"})
_PAID_FLAGS = (
    "sponsored",
    "is_ad",
    "is_paid",
    "paid",
    "promoted",
    "is_promoted",
    "paid_partnership",
    "ad_id",
)


@dataclass(frozen=True, slots=True)
class Schedule:
    """Schedule windows (aware UTC datetimes) by stage id."""

    windows: dict[str, tuple[datetime, datetime]]

    def stages_at(self, moment: datetime) -> frozenset[str]:
        return frozenset(stage for stage, (start, end) in self.windows.items() if start <= moment <= end)

    def in_season(self, moment: datetime) -> bool:
        """Between the day paslon were set and the end of voting day (when campaign rules matter)."""
        start = self.windows.get("penetapan_paslon", self.windows.get("kampanye"))
        end = self.windows.get("pemungutan_suara", self.windows.get("masa_tenang"))
        return start is not None and end is not None and start[0] <= moment <= end[1]

    def before_campaign(self, moment: datetime) -> bool:
        window = self.windows.get("kampanye")
        return window is not None and moment < window[0]


@dataclass(frozen=True, slots=True)
class CampaignSignal:
    """What the post says about campaigning: a call to vote, for whom, by whom, paid or not."""

    campaign_content: bool
    account: CampaignAccount | None
    campaign_account_term: str | None  # the word in the handle/name that presents it as a campaign account
    paid_marker: str | None


@dataclass(frozen=True, slots=True)
class ScheduleHit:
    rule_id: str
    category: str
    score: float
    reason: str  # Bahasa Indonesia, shown to reviewers


def paid_flag(post: Post) -> str | None:
    """The platform's own ad flag in the post's raw record, if any (e.g. raw["sponsored"] is true).

    A canonical record keeps the platform's original under its own `raw` field, and intake stores
    the whole canonical record as the post's raw: the flag is looked for in both.
    """
    nested = post.raw.get("raw")
    for prefix, record in (("raw", post.raw), ("raw.raw", nested if isinstance(nested, dict) else {})):
        for key in _PAID_FLAGS:
            if record.get(key) not in (None, False, "", 0, "false", "0"):
                return f"{prefix}.{key}"
    return None


def lookup_account(registry: AccountRegistry | None, post: Post) -> CampaignAccount | None:
    return registry.lookup(post.platform, post.author_id, post.author_handle) if registry else None


def schedule_hits(
    post: Post, signal: CampaignSignal, schedule: Schedule, stages: frozenset[str]
) -> list[ScheduleHit]:
    """The calendar and registry rules that fire for this post."""
    if not schedule.in_season(post.created_at):
        return []
    hits: list[ScheduleHit] = []
    quiet = stages & QUIET
    if signal.account is not None:
        hits.extend(_registered(signal, schedule, post, quiet))
    elif quiet and signal.campaign_content:
        hits.append(
            ScheduleHit(
                "os.quiet_campaign_content",
                "off_schedule_campaign",
                0.6,
                _quiet_reason(quiet, registered=False),
            )
        )
    if signal.paid_marker and signal.campaign_content and "iklan_kampanye_media" not in stages:
        hits.append(
            ScheduleHit(
                "os.paid_outside_ad_window",
                "off_schedule_campaign",
                0.7,
                f"konten kampanye berbayar ({signal.paid_marker}) di luar jadwal iklan kampanye "
                "10-23 Nov 2024; "
                "jadwal iklan berbayar media sosial Pilkada belum diverifikasi (unverified)",
            )
        )
    if signal.account is None and signal.campaign_content and signal.campaign_account_term:
        hits.append(
            ScheduleHit(
                "uca.unregistered_campaign_account",
                "unregistered_campaign_account",
                0.7,
                f"akun tampil sebagai akun kampanye ('{signal.campaign_account_term}') dan memuat konten "
                "kampanye, tetapi tidak terdaftar sebagai akun resmi paslon di KPU",
            )
        )
    return hits


def _registered(
    signal: CampaignSignal, schedule: Schedule, post: Post, quiet: frozenset[str]
) -> list[ScheduleHit]:
    if quiet:
        score = 0.9 if signal.campaign_content else 0.75
        return [
            ScheduleHit(
                "os.registered_quiet", "off_schedule_campaign", score, _quiet_reason(quiet, registered=True)
            )
        ]
    if signal.campaign_content and schedule.before_campaign(post.created_at):
        reason = "akun kampanye resmi memuat konten kampanye sebelum masa kampanye (mulai 25 Sep 2024)"
        return [ScheduleHit("os.registered_early", "off_schedule_campaign", 0.7, reason)]
    return []


def _quiet_reason(quiet: frozenset[str], *, registered: bool) -> str:
    phase = (
        "masa tenang (24-26 Nov 2024)" if "masa_tenang" in quiet else "hari pemungutan suara (27 Nov 2024)"
    )
    who = (
        "akun kampanye resmi (terdaftar) mengunggah"
        if registered
        else "unggahan memuat ajakan kampanye untuk paslon"
    )
    return f"{who} pada {phase}"
