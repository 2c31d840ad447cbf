"""Assemble `Cluster` records from kept edges, their co-action pairs and account features."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from statistics import mean
from typing import Any

import polars as pl

from awas.coord.config import KINDS, CoordConfig, Kind
from awas.coord.network import account_groups, membership
from awas.coord.records import Cluster, ClusterEdge, ClusterFeatures
from awas.coord.scoring import score_parts

PREFIX = {
    Kind.NEAR_DUPLICATE_TEXT: "ndt",
    Kind.CO_LINK: "lnk",
    Kind.CO_HASHTAG: "tag",
    Kind.CO_REPOST: "rep",
}
MAX_ITEMS_SHOWN = 10


def cluster_id(kind: Kind, platform: str, post_id: str) -> str:
    """Stable id: the kind and the earliest post of the cluster (same data, same id)."""
    digest = hashlib.blake2b(f"{kind.value}|{platform}|{post_id}".encode(), digest_size=5).hexdigest()
    return f"{PREFIX[kind]}-{digest}"


def build_clusters(
    frame: pl.DataFrame,
    pairs: pl.DataFrame,
    edges: pl.DataFrame,
    features: pl.DataFrame,
    windows: dict[str, int],
    config: CoordConfig,
) -> list[Cluster]:
    """Every cluster of every kind, strongest first."""
    posts = frame
    found: list[Cluster] = []
    for kind in KINDS:
        kind_edges = edges.filter(pl.col("kind") == kind.value)
        groups = account_groups(kind_edges, config.min_accounts, config.split_above, config.seed)
        if groups:
            found.extend(_kind_clusters(kind, groups, pairs, kind_edges, posts, features, windows))
    return sorted(found, key=lambda c: (-c.score, c.id))


def _kind_clusters(
    kind: Kind,
    groups: list[list[str]],
    pairs: pl.DataFrame,
    edges: pl.DataFrame,
    posts: pl.DataFrame,
    features: pl.DataFrame,
    windows: dict[str, int],
) -> list[Cluster]:
    """Clusters of one kind; every table is split by cluster once (no per-cluster scans)."""
    member = membership(groups)
    inside = _pairs_inside(pairs.filter(pl.col("kind") == kind.value), edges, member)
    cluster_posts = (
        pl.concat([inside.select("cluster", pid="pid_a"), inside.select("cluster", pid="pid_b")])
        .unique()
        .join(posts, on="pid")
        .sort("t", "platform", "post_id")
    )
    cluster_edges = edges.join(member.rename({"account": "account_a"}), on="account_a")
    by = {
        name: _split(table)
        for name, table in (
            ("pairs", inside),
            ("posts", cluster_posts),
            ("edges", cluster_edges),
            ("accounts", features.join(member, on="account")),
        )
    }
    window = windows[kind.value]
    pairs_of, edges_of, posts_of, accounts_of = by["pairs"], by["edges"], by["posts"], by["accounts"]
    return [
        _cluster(kind, group, pairs_of[i], edges_of[i], posts_of[i], accounts_of[i], window)
        for i, group in enumerate(groups)
        if i in pairs_of
    ]


def _split(table: pl.DataFrame) -> dict[int, pl.DataFrame]:
    return {int(key[0]): part for key, part in table.partition_by("cluster", as_dict=True).items()}


def _pairs_inside(pairs: pl.DataFrame, edges: pl.DataFrame, member: pl.DataFrame) -> pl.DataFrame:
    """Pairs on kept edges whose two accounts are in the same cluster, with that cluster."""
    return (
        pairs.join(edges.select("account_a", "account_b"), on=["account_a", "account_b"])
        .join(member.rename({"account": "account_a"}), on="account_a")
        .join(member.rename({"account": "account_b", "cluster": "cluster_b"}), on="account_b")
        .filter(pl.col("cluster") == pl.col("cluster_b"))
    )


def _cluster(
    kind: Kind,
    group: list[str],
    inside: pl.DataFrame,
    group_edges: pl.DataFrame,
    shown: pl.DataFrame,
    account_rows: pl.DataFrame,
    window: int,
) -> Cluster:
    feats = _features(group, shown, inside, group_edges, account_rows, window)
    first = shown.row(0, named=True)
    return Cluster(
        id=cluster_id(kind, first["platform"], first["post_id"]),
        kind=kind,
        accounts=tuple(group),
        posts=tuple(zip(shown["platform"].to_list(), shown["post_id"].to_list(), strict=True)),
        score=round(feats.parts["score"], 6),
        first_at=_time(shown["t"].min()),
        last_at=_time(shown["t"].max()),
        features=feats,
        edges=tuple(ClusterEdge(*row) for row in group_edges.select(*_EDGE_COLUMNS).iter_rows()),
        items=_items(kind, inside, shown),
    )


_EDGE_COLUMNS = ("account_a", "account_b", "weight", "pairs", "median_dt")


def _features(
    group: list[str],
    shown: pl.DataFrame,
    inside: pl.DataFrame,
    edges: pl.DataFrame,
    accounts: pl.DataFrame,
    window: int,
) -> ClusterFeatures:
    n = len(group)
    median_dt = float(inside["dt"].median() or 0.0)  # type: ignore[arg-type]
    repetition = float(edges["weight"].mean() or 0.0)  # type: ignore[arg-type]
    density = edges.height / (n * (n - 1) / 2)
    young = _mean(accounts["young"].drop_nulls().cast(pl.Float64).to_list())
    copy_paste = _mean(accounts["copy_paste"].to_list()) or 0.0
    burst = _mean(accounts["burstiness"].drop_nulls().to_list())
    rate = float(accounts["posts_per_day"].median() or 0.0)  # type: ignore[arg-type]
    parts = score_parts(n, median_dt, window, repetition, density, [young, copy_paste, burst, rate / 20])
    return ClusterFeatures(
        n_accounts=n,
        n_posts=shown.height,
        n_items=inside["item"].n_unique(),
        window=window,
        median_dt=median_dt,
        repetition=repetition,
        density=density,
        young_share=young,
        copy_paste_share=copy_paste,
        burstiness=burst,
        posts_per_day=rate,
        parts=parts,
    )


def _items(kind: Kind, inside: pl.DataFrame, shown: pl.DataFrame) -> tuple[str, ...]:
    """What the cluster shared: for text, the earliest post's text; otherwise the top items."""
    if kind is Kind.NEAR_DUPLICATE_TEXT:
        texts = shown.filter(pl.col("text") != "")["text"]
        return (texts[0][:500],) if texts.len() else ()
    counts = inside.group_by("item").len().sort(["len", "item"], descending=[True, False])
    return tuple(counts["item"].head(MAX_ITEMS_SHOWN).to_list())


def _mean(values: list[Any]) -> float | None:
    clean = [float(v) for v in values if v is not None]
    return mean(clean) if clean else None


def _time(epoch: Any) -> datetime:
    return datetime.fromtimestamp(int(epoch), tz=UTC)
