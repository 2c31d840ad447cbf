"""The co-action window of each kind, estimated from the data as CooRnet does, or set by the analyst.

CooRnet's `estimate_coord_interval` (Giglietto et al.), applied to any item (a link, a text group,
a hashtag set, a repost target) instead of only links:

1. for each item shared by at least three accounts (with two, "half of the posts" is the first),
   order its posts (first post per account) in time;
2. take the time from the first post to the second: items whose second post came within the
   `q`-quantile (default 0.1) of those delays are the quickly shared ones;
3. for each of them, the time from the first post until more than `p` (default 0.5) of its posts
   were made;
4. the window is the median of those times, clamped to [min_window, max_window] seconds.

The estimate is what "quick" means in this data set; an analyst who knows the platform better
passes `--window` (one value for every kind) and the estimate is not used.
"""

from __future__ import annotations

import math

import polars as pl

from awas.coord.config import KINDS, CoordConfig

Q_QUICK = 0.1
P_SHARES = 0.5


def estimate_window(items: pl.DataFrame, min_window: int, max_window: int) -> int:
    """The CooRnet interval (seconds) over `items` rows (item, account, t) of one kind."""
    first_per_account = items.group_by("item", "account").agg(pl.col("t").min())
    ranked = first_per_account.with_columns(
        (pl.col("t") - pl.col("t").min().over("item")).alias("since_first"),
        pl.col("t").rank("ordinal").over("item").alias("rank"),
        pl.len().over("item").alias("shares"),
    ).filter(pl.col("shares") >= 3)
    if ranked.is_empty():
        return max(min_window, min(max_window, 60))
    second = ranked.filter(pl.col("rank") == 2)
    quick_limit = second["since_first"].quantile(Q_QUICK, "lower")
    quick = second.filter(pl.col("since_first") <= quick_limit).select("item")
    reach = (
        ranked.join(quick, on="item")
        .filter(pl.col("rank") > pl.col("shares") * P_SHARES)
        .group_by("item")
        .agg(pl.col("since_first").min())
    )
    median = reach["since_first"].median()
    value = 0 if median is None or (isinstance(median, float) and math.isnan(median)) else median
    return int(max(min_window, min(max_window, max(1, int(value)))))  # type: ignore[arg-type]


def resolve_windows(items: pl.DataFrame, config: CoordConfig) -> dict[str, int]:
    """The window of each kind: the analyst's when set, else the estimate on `items`."""
    windows: dict[str, int] = {}
    for kind in KINDS:
        chosen = config.window_for(kind)
        if chosen is None:
            chosen = estimate_window(
                items.filter(pl.col("kind") == kind.value), config.min_window, config.max_window
            )
        windows[kind.value] = int(chosen)
    return windows
