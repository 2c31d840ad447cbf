"""Normalised text per post for near-duplicate search, with exact duplicates collapsed first.

Distinct raw texts are normalised once each with the shared normaliser applied column-wise
(`fastnorm.normalise_column`: the output of `awas.text.normalise`, so "amplop" and "4mpl0p" meet).
A post's `text_id` is a 63-bit BLAKE2b hash of its normalised text: posts with the same normalised
text share it and are never compared twice.
"""

from __future__ import annotations

import polars as pl

from awas.coord.fastnorm import normalise_column

TEXT_SEED = 80


def text_ids(normalised: pl.Expr) -> pl.Expr:
    """63-bit id of a normalised text (Polars' seeded hash; see minhash on version stability)."""
    return (normalised.hash(TEXT_SEED) // 2).cast(pl.Int64)


def prepare_texts(frame: pl.DataFrame, min_tokens: int) -> pl.DataFrame:
    """Posts eligible for near-duplicate search: (`pid`, `text_id`, `norm`).

    `pid` is the frame's post number. Reposts are left out (their text is the original's; they
    are co-repost evidence), and so are texts with fewer than `min_tokens` normalised words.
    """
    posts = frame.filter(pl.col("repost_of").is_null() & (pl.col("text").str.strip_chars() != ""))
    distinct = posts.select(pl.col("text").unique(maintain_order=True))
    distinct = distinct.with_columns(normalise_column(distinct["text"])).filter(
        pl.col("norm").str.count_matches(" ") + 1 >= min_tokens
    )
    distinct = distinct.with_columns(text_ids(pl.col("norm")).alias("text_id"))
    return posts.join(distinct, on="text", how="inner").select(
        pl.col("pid").cast(pl.Int64), "text_id", "norm"
    )
