"""Co-action pairs: two posts on the same item by different accounts within the kind's window.

The QUT toolkit's semantics (`e_2.timestamp between e_1.timestamp - window and + window`), computed
without a self-join: rows are sorted by (item, time) and each row is compared with the row `j`
places later, for j = 1, 2, ... until no row has a partner that close (or `max_neighbours`, which
bounds the work on a burst of thousands of posts a minute). Runs of one account's consecutive posts
on an item keep only their first and last post, so one account posting the same thing 100,000
times costs two rows.
"""

from __future__ import annotations

import numpy as np
import polars as pl

PAIR_SCHEMA = {
    "kind": pl.String,
    "item": pl.String,
    "pid_a": pl.Int64,
    "pid_b": pl.Int64,
    "account_a": pl.String,
    "account_b": pl.String,
    "dt": pl.Int64,
    "concentration": pl.Float64,
}


def empty_pairs() -> pl.DataFrame:
    return pl.DataFrame(schema=PAIR_SCHEMA)


def collapse_runs(rows: pl.DataFrame) -> pl.DataFrame:
    """Sorted by (item, t, pid), without the inner posts of one account's consecutive run."""
    ordered = rows.sort("item", "t", "pid")
    same_prev = (pl.col("account") == pl.col("account").shift(1)) & (
        pl.col("item") == pl.col("item").shift(1)
    )
    same_next = (pl.col("account") == pl.col("account").shift(-1)) & (
        pl.col("item") == pl.col("item").shift(-1)
    )
    return ordered.filter(~(same_prev.fill_null(False) & same_next.fill_null(False)))


def with_concentration(ordered: pl.DataFrame, window: int) -> pl.DataFrame:
    """Add `concentration`: the share of the item's accounts that are in this row's burst.

    A burst is a run of the item's posts with no gap longer than the window (two posts within the
    window are always in one burst). A campaign's link or text is posted in one burst by nearly
    everyone who ever posts it (concentration near 1); a popular news link is shared all day by
    thousands, and two strangers sharing it a minute apart form a burst holding a tiny share of them.
    """
    new_burst = (pl.col("item") != pl.col("item").shift(1)) | (pl.col("t") - pl.col("t").shift(1) > window)
    return (
        ordered.with_columns(new_burst.fill_null(True).cum_sum().alias("burst"))
        .with_columns(
            pl.col("account").n_unique().over("burst").alias("burst_accounts"),
            pl.col("account").n_unique().over("item").alias("item_accounts"),
        )
        .with_columns((pl.col("burst_accounts") / pl.col("item_accounts")).alias("concentration"))
    )


def co_action_pairs(rows: pl.DataFrame, kind: str, window: int, max_neighbours: int) -> pl.DataFrame:
    """Pairs (account_a < account_b) of one kind's item rows (item, pid, account, t)."""
    if rows.height < 2:
        return empty_pairs()
    ordered = with_concentration(collapse_runs(rows), window).with_columns(
        pl.col("item").rank("dense").cast(pl.Int64).alias("item_code"),
        pl.col("account").rank("dense").cast(pl.Int64).alias("account_code"),
    )
    item = ordered["item_code"].to_numpy()
    t = ordered["t"].to_numpy()
    acc = ordered["account_code"].to_numpy()
    left_parts, right_parts = [], []
    for j in range(1, min(max_neighbours, item.size - 1) + 1):
        near = (item[j:] == item[:-j]) & (t[j:] - t[:-j] <= window)
        if not near.any():
            break
        hit = np.flatnonzero(near & (acc[j:] != acc[:-j]))
        left_parts.append(hit)
        right_parts.append(hit + j)
    if not left_parts:
        return empty_pairs()
    left = np.concatenate(left_parts)
    right = np.concatenate(right_parts)
    return _pair_frame(ordered, left, right, kind)


def _pair_frame(ordered: pl.DataFrame, left: np.ndarray, right: np.ndarray, kind: str) -> pl.DataFrame:
    # Account codes are dense ranks of the account text, so comparing codes orders the accounts.
    acc = ordered["account_code"].to_numpy()
    swap = acc[left] > acc[right]
    x = ordered[np.where(swap, right, left)]
    y = ordered[np.where(swap, left, right)]
    return pl.DataFrame(
        {
            "kind": pl.Series([kind] * left.size, dtype=pl.String),
            "item": x["item"],
            "pid_a": x["pid"],
            "pid_b": y["pid"],
            "account_a": x["account"],
            "account_b": y["account"],
            "dt": (y["t"] - x["t"]).abs(),
            "concentration": x["concentration"],
        },
        schema=PAIR_SCHEMA,
    )


def all_pairs(items: pl.DataFrame, windows: dict[str, int], max_neighbours: int) -> pl.DataFrame:
    """Co-action pairs of every kind present in `items`."""
    parts = [
        co_action_pairs(items.filter(pl.col("kind") == kind), kind, window, max_neighbours)
        for kind, window in windows.items()
    ]
    return pl.concat(parts) if parts else empty_pairs()
