"""Slow campaigns: co-action over hours, kept only where the group owns what it shares.

Buzzers told to post "during the afternoon" spread one message over hours; within such a window
strangers also meet on every popular post. So slow-scale co-actions (pairs within `slow_window`)
are kept only on items "covered" by a candidate group (a connected component of slow-scale edges,
split into Louvain communities when large)
(repetition and overlap as in `network.account_edges`) must hold at least `min_coverage` of all
accounts that ever posted the item, and at least `min_accounts` of them; the slow edges need
`slow_min_repetitions` distinct items (more than fast ones: hours give chance more room).
A campaign's template or link is posted almost only by its accounts (coverage near 1);
twelve strangers among the 400 who shared a viral headline are 3%.
"""

from __future__ import annotations

import polars as pl

from awas.coord.config import CoordConfig
from awas.coord.network import account_edges, account_groups


def covered_pairs(pairs: pl.DataFrame, items: pl.DataFrame, config: CoordConfig) -> pl.DataFrame:
    """The slow-scale `pairs` on items their candidate group covers (see the module docstring)."""
    edges = account_edges(pairs, items, config.slow_min_repetitions, config.min_overlap, 0.0)
    if edges.is_empty():
        return pairs.clear()
    member = _groups(edges, config)
    min_coverage = config.min_coverage
    item_accounts = items.group_by("kind", "item").agg(pl.col("account").n_unique().alias("n_item"))
    inside = (
        items.join(member, on=["kind", "account"])
        .group_by("kind", "group", "item")
        .agg(pl.col("account").n_unique().alias("n_inside"))
        .join(item_accounts, on=["kind", "item"])
        .filter(
            (pl.col("n_inside") >= config.min_accounts)
            & (pl.col("n_inside") / pl.col("n_item") >= min_coverage)
        )
        .select("kind", "group", "item")
    )
    return (
        pairs.join(member.rename({"account": "account_a"}), on=["kind", "account_a"])
        .join(inside, on=["kind", "group", "item"])
        .select(pairs.columns)
    )


def _groups(edges: pl.DataFrame, config: CoordConfig) -> pl.DataFrame:
    """(kind, account, group): candidate groups of each kind, large components split (Louvain)."""
    rows: list[tuple[str, str, int]] = []
    for (kind,), part in edges.partition_by("kind", as_dict=True).items():
        for number, group in enumerate(account_groups(part, 2, config.split_above, config.seed)):
            rows.extend((kind, account, number) for account in group)
    return pl.DataFrame(
        rows, schema={"kind": pl.String, "account": pl.String, "group": pl.Int64}, orient="row"
    )
