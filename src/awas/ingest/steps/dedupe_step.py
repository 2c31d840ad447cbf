"""Exact and near-exact duplicate keys.

- `text_sha256`: SHA-256 of the normalised text (exact duplicates: the same words, the same bytes);
- `near_key`: a 128-bit BLAKE2b of the text's *fingerprint*: lower-cased, links, @mentions,
  numbers, emoji and punctuation removed, spaces collapsed. Copies that differ only in those
  (the same broadcast with another link, a changed emoji, a shortened URL) share a near key.
- `duplicate_of`: `platform:post_id` of the earliest post in the batch with the same near key,
  when the fingerprint is long enough to mean something (short cheers like "mantap!" repeat
  honestly). The writer also resolves near keys against posts already stored.

Edited copies with words changed are the coordination detector's job (awas.coord), not this one.
"""

from __future__ import annotations

import hashlib

import polars as pl

MIN_FINGERPRINT_CHARS = 24


def fingerprint(text: pl.Expr) -> pl.Expr:
    return (
        text.str.to_lowercase()
        .str.replace_all(r"https?://\S+|www\.\S+", " ")
        .str.replace_all(r"[@#]\w+", " ")
        .str.replace_all(r"[^\p{L}]+", " ")
        .str.strip_chars()
    )


def _digests(values: list[str], digest: str) -> list[str]:
    if digest == "sha256":
        return [hashlib.sha256(v.encode("utf-8")).hexdigest() for v in values]
    return [hashlib.blake2b(v.encode("utf-8"), digest_size=16).hexdigest() for v in values]


def duplicate_keys(batch: pl.DataFrame) -> pl.DataFrame:
    """Add `text_sha256`, `near_key`, `near_len` and in-batch `duplicate_of`."""
    prints = batch.select(fingerprint(pl.col("text")).alias("f"))["f"].to_list()
    keyed = batch.with_columns(
        pl.Series("text_sha256", _digests(batch["text"].to_list(), "sha256"), dtype=pl.String),
        pl.Series("near_key", _digests(prints, "blake2b"), dtype=pl.String),
        pl.Series("near_len", [len(p) for p in prints], dtype=pl.Int64),
    )
    first = (
        keyed.with_row_index("_i")
        .sort("created_at", "_i")
        .group_by("near_key", maintain_order=True)
        .agg((pl.first("platform") + ":" + pl.first("post_id")).alias("_first"))
    )
    own = pl.col("platform") + ":" + pl.col("post_id")
    return (
        keyed.join(first, on="near_key", how="left")
        .with_columns(
            pl.when((pl.col("_first") != own) & (pl.col("near_len") >= MIN_FINGERPRINT_CHARS))
            .then(pl.col("_first"))
            .otherwise(None)
            .alias("duplicate_of")
        )
        .drop("_first")
    )
