"""Slow campaigns: co-action over hours, kept only where the group owns what it shares.

Buzzers told to post "during the afternoon" spread one message over hours; within such a window
strangers also meet on every popular post. So slow-scale co-actions (pairs within `slow_window`)
are kept only on items "covered" by a candidate group: the connected component of slow-scale edges
(repetition and overlap as in `network.account_edges`) must hold at least `min_coverage` of all
accounts that ever posted the item. A campaign's template or link is posted almost only by its
accounts (coverage near 1); twelve strangers among the 400 who shared a viral headline are 3%.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from awas.coord.network import account_edges


def covered_pairs(
    pairs: pl.DataFrame, items: pl.DataFrame, min_repetitions: int, min_overlap: float, min_coverage: float
) -> pl.DataFrame:
    """The slow-scale `pairs` on items their candidate group covers (see the module docstring)."""
    edges = account_edges(pairs, items, min_repetitions, min_overlap, 0.0)
    if edges.is_empty():
        return pairs.clear()
    member = _components(edges)
    item_accounts = items.group_by("kind", "item").agg(pl.col("account").n_unique().alias("n_item"))
    inside = (
        items.join(member, on=["kind", "account"])
        .group_by("kind", "group", "item")
        .agg(pl.col("account").n_unique().alias("n_inside"))
        .join(item_accounts, on=["kind", "item"])
        .filter(pl.col("n_inside") / pl.col("n_item") >= min_coverage)
        .select("kind", "group", "item")
    )
    return (
        pairs.join(member.rename({"account": "account_a"}), on=["kind", "account_a"])
        .join(inside, on=["kind", "group", "item"])
        .select(pairs.columns)
    )


def _components(edges: pl.DataFrame) -> pl.DataFrame:
    """(kind, account, group) for the connected components of each kind's edges."""
    parts = []
    for (kind,), part in edges.partition_by("kind", as_dict=True).items():
        accounts = np.unique(np.concatenate([part["account_a"].to_numpy(), part["account_b"].to_numpy()]))
        a = np.searchsorted(accounts, part["account_a"].to_numpy())
        b = np.searchsorted(accounts, part["account_b"].to_numpy())
        graph = coo_matrix((np.ones(a.size), (a, b)), shape=(accounts.size, accounts.size))
        _n, labels = connected_components(graph, directed=False)
        parts.append(pl.DataFrame({"kind": [kind] * accounts.size, "account": accounts, "group": labels}))
    return pl.concat(parts).with_columns(pl.col("group").cast(pl.Int64))
