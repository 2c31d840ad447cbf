"""Account networks: edges weighted by repetitions, split into clusters.

An edge (kind, account_a, account_b) is kept when the two accounts co-acted on at least
`min_repetitions` distinct items of that kind (edge weight = that count). Clusters are connected
components of the kept edges; a component larger than `split_above` accounts is split into
Louvain communities (NetworkX, fixed seed, sorted input: the same data gives the same clusters).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

EDGE_SCHEMA = {
    "kind": pl.String,
    "account_a": pl.String,
    "account_b": pl.String,
    "weight": pl.Int64,
    "pairs": pl.Int64,
    "median_dt": pl.Float64,
    "overlap": pl.Float64,
}


def account_edges(
    pairs: pl.DataFrame,
    items: pl.DataFrame,
    min_repetitions: int,
    min_overlap: float,
    min_concentration: float,
) -> pl.DataFrame:
    """Kept edges with weight (distinct items co-acted on), post pairs, median gap and overlap.

    Only co-actions in bursts holding at least `min_concentration` of the item's accounts count
    (see `pairs.with_concentration`): strangers meeting on a viral post are not coordination.

    `overlap` = weight / (items of a + items of b - weight), the accounts' items counted over the
    shared items of that kind (`items`). A pair of very active accounts that met by chance on two
    popular posts out of hundreds has a small overlap; accounts that act together every time they
    act have an overlap near 1. Edges need weight >= `min_repetitions` and overlap >= `min_overlap`.
    """
    activity = items.group_by("kind", "account").agg(pl.col("item").n_unique().alias("n"))
    edges = (
        pairs.filter(pl.col("concentration") >= min_concentration)
        .group_by("kind", "account_a", "account_b")
        .agg(
            pl.col("item").n_unique().cast(pl.Int64).alias("weight"),
            pl.len().cast(pl.Int64).alias("pairs"),
            pl.col("dt").median().cast(pl.Float64).alias("median_dt"),
        )
    )
    edges = (
        edges.filter(pl.col("weight") >= min_repetitions)
        .join(activity.rename({"account": "account_a", "n": "n_a"}), on=["kind", "account_a"])
        .join(activity.rename({"account": "account_b", "n": "n_b"}), on=["kind", "account_b"])
        .with_columns(
            (pl.col("weight") / (pl.col("n_a") + pl.col("n_b") - pl.col("weight"))).alias("overlap")
        )
    )
    return (
        edges.filter(pl.col("overlap") >= min_overlap)
        .select(*EDGE_SCHEMA)
        .sort("kind", "account_a", "account_b")
    )


def account_groups(edges: pl.DataFrame, min_accounts: int, split_above: int, seed: int) -> list[list[str]]:
    """Sorted account lists of the clusters of one kind's `edges`, largest first."""
    if edges.is_empty():
        return []
    accounts = np.unique(np.concatenate([edges["account_a"].to_numpy(), edges["account_b"].to_numpy()]))
    a = np.searchsorted(accounts, edges["account_a"].to_numpy())
    b = np.searchsorted(accounts, edges["account_b"].to_numpy())
    graph = coo_matrix((np.ones(a.size), (a, b)), shape=(accounts.size, accounts.size))
    _n, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    groups: list[list[str]] = []
    for part in np.split(order, cuts):
        members = accounts[part].tolist()
        if len(members) < min_accounts:
            continue
        if len(members) > split_above:
            groups.extend(_communities(edges, set(members), seed))
        else:
            groups.append(sorted(members))
    kept = [g for g in groups if len(g) >= min_accounts]
    return sorted(kept, key=lambda g: (-len(g), g[0]))


def _communities(edges: pl.DataFrame, members: set[str], seed: int) -> list[list[str]]:
    inside = edges.filter(pl.col("account_a").is_in(list(members)))
    graph = nx.Graph()
    graph.add_nodes_from(sorted(members))
    graph.add_weighted_edges_from(inside.select("account_a", "account_b", "weight").iter_rows())
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return [sorted(c) for c in found]


def membership(groups: list[list[str]]) -> pl.DataFrame:
    """(account, cluster) rows, cluster = index in `groups`."""
    rows = [(account, index) for index, group in enumerate(groups) for account in group]
    return pl.DataFrame(rows, schema={"account": pl.String, "cluster": pl.Int64}, orient="row")
