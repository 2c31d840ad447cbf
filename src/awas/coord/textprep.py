"""Normalised text per post for near-duplicate search, with exact duplicates collapsed first.

Distinct raw texts are normalised once each with the shared normaliser (`awas.text.normalise`,
so "amplop" and "4mpl0p" meet); large inputs are split over two processes. A post's `text_id` is
a 63-bit BLAKE2b hash of its normalised text: posts with the same normalised text share it and
are never compared twice.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import polars as pl

from awas.text.normalise import normalise_many

PARALLEL_ABOVE = 40_000  # below this, starting worker processes costs more than it saves
_SLICE = 20_000


def text_id(normalised: str) -> int:
    digest = hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def normalise_texts(texts: list[str], workers: int = 2) -> list[str]:
    """`normalise` of each text, in order; over `workers` processes when there are many."""
    if len(texts) < PARALLEL_ABOVE or workers < 2:
        return normalise_many(texts)
    slices = [texts[i : i + _SLICE] for i in range(0, len(texts), _SLICE)]
    # spawn, not fork: Polars' thread pool must not be forked mid-flight.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return [text for part in pool.map(normalise_many, slices) for text in part]


def prepare_texts(frame: pl.DataFrame, min_tokens: int) -> pl.DataFrame:
    """Posts eligible for near-duplicate search: (`pid`, `text_id`, `norm`).

    `pid` is the frame's post number. Reposts are left out (their text is the original's; they
    are co-repost evidence), and so are texts with fewer than `min_tokens` normalised words.
    """
    posts = frame.filter(pl.col("repost_of").is_null() & (pl.col("text").str.strip_chars() != ""))
    distinct = posts.select(pl.col("text").unique(maintain_order=True))
    normalised = normalise_texts(distinct["text"].to_list())
    distinct = distinct.with_columns(pl.Series("norm", normalised, dtype=pl.String)).filter(
        pl.col("norm").str.count_matches(" ") + 1 >= min_tokens
    )
    ids = [text_id(n) for n in distinct["norm"].to_list()]
    distinct = distinct.with_columns(pl.Series("text_id", ids, dtype=pl.Int64))
    return posts.join(distinct, on="text", how="inner").select(
        pl.col("pid").cast(pl.Int64), "text_id", "norm"
    )
