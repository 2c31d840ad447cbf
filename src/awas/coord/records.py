"""Typed records of coordination results (capability-specific; shared ones live in awas.domain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from awas.coord.config import Kind
from awas.timeutil import to_wib


@dataclass(frozen=True, slots=True)
class ClusterEdge:
    """Two accounts that co-acted on `weight` distinct items (`pairs` post pairs, median gap)."""

    account_a: str
    account_b: str
    weight: int
    pairs: int
    median_dt: float


@dataclass(frozen=True, slots=True)
class ClusterFeatures:
    """What the score is made of (each part in [0, 1] unless stated; None when unknown)."""

    n_accounts: int
    n_posts: int
    n_items: int
    window: int  # seconds
    median_dt: float  # seconds between co-acting posts
    repetition: float  # mean edge weight (distinct items per account pair), >= min_repetitions
    density: float  # kept edges / possible account pairs
    young_share: float | None  # accounts created < 90 days before their first post here
    copy_paste_share: float  # of the accounts' posts, the share that are shared near-duplicates
    burstiness: float | None  # mean Goh-Barabasi burstiness of the accounts' posting gaps, [-1, 1]
    posts_per_day: float  # median posting rate of the accounts over their active span
    parts: dict[str, float] = field(default_factory=dict)  # named score components


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """Accounts that acted together, the posts that show it, and how strongly (score in [0, 1])."""

    id: str
    kind: Kind
    accounts: tuple[str, ...]
    posts: tuple[tuple[str, str], ...]
    score: float
    first_at: datetime
    last_at: datetime
    features: ClusterFeatures
    edges: tuple[ClusterEdge, ...] = ()
    items: tuple[str, ...] = ()  # what was shared: links, hashtag sets, targets, a sample text

    def to_contract(self) -> dict[str, Any]:
        """The shape of specs/cli-contracts.md (`awas coord detect`); times ISO 8601 in WIB."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "accounts": list(self.accounts),
            "posts": [list(p) for p in self.posts],
            "score": round(self.score, 4),
            "first_at": to_wib(self.first_at).isoformat(),
            "last_at": to_wib(self.last_at).isoformat(),
        }


@dataclass(frozen=True, slots=True)
class DetectStats:
    posts: int
    texts: int  # distinct normalised texts long enough for near-duplicate search
    text_groups: int  # near-duplicate groups with two or more distinct texts or posts
    pairs: dict[str, int]
    edges: dict[str, int]
    future_posts: int  # posts dated after the run started (kept; reported)


@dataclass(frozen=True, slots=True)
class DetectResult:
    clusters: tuple[Cluster, ...]
    windows: dict[str, int]
    stats: DetectStats
