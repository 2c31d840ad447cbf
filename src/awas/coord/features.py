"""Account features that make a cluster more or less suspicious, computed for all accounts at once.

Per account: number of posts, active span, posting rate, burstiness of the gaps between posts
(Goh & Barabasi: (sd - mean) / (sd + mean), -1 regular, 0 random, towards 1 bursty; needs three
posts), account age at its first post (when the source gives `author_created_at`), and the share
of its posts that are near-duplicates of another account's post (copy-paste share).
"""

from __future__ import annotations

import polars as pl

YOUNG_DAYS = 90


def account_features(frame: pl.DataFrame, text_items: pl.DataFrame) -> pl.DataFrame:
    """One row per account: posts, posts_per_day, burstiness, young, copy_paste."""
    copied = text_items.select("pid").unique().with_columns(pl.lit(1).alias("copied"))
    posts = frame.join(copied, on="pid", how="left")
    gaps = posts.sort("account", "t").with_columns(pl.col("t").diff().over("account").alias("gap"))
    return gaps.group_by("account").agg(
        pl.len().alias("posts"),
        (pl.len() / ((pl.col("t").max() - pl.col("t").min()) / 86400 + 1)).alias("posts_per_day"),
        _burstiness(pl.col("gap").drop_nulls().cast(pl.Float64)).alias("burstiness"),
        ((pl.col("t").min() - pl.col("author_created_at").min().dt.epoch("s")) < YOUNG_DAYS * 86400).alias(
            "young"
        ),
        (pl.col("copied").fill_null(0).sum() / pl.len()).alias("copy_paste"),
    )


def _burstiness(gaps: pl.Expr) -> pl.Expr:
    mean, sd = gaps.mean(), gaps.std()
    return pl.when(gaps.len() >= 2).then((sd - mean) / (sd + mean + 1e-9)).otherwise(None)
