"""LSH candidate pairs, verification, and near-duplicate groups (connected components of texts).

Edges between distinct texts (by `text_id`) come from LSH buckets (one key per band):
- a bucket of at most `max_bucket` texts: every pair in it whose estimated Jaccard (share of equal
  signature rows) reaches `similarity`;
- a larger bucket: every member joined to its smallest `text_id` without verification (they already
  agree on a whole band; verifying all pairs would be quadratic on hostile input).

Both rules depend only on which texts a bucket holds, never on the order they arrived in, so an
incremental run that adds texts to stored buckets reaches the same groups as a full run (see
`store_state`). A group's id is the smallest `text_id` in it.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from awas.coord.minhash import band_keys, estimated_jaccard

BUCKET_SCHEMA = {"bucket": pl.Int64, "text_id": pl.Int64}


def bucket_rows(text_ids: np.ndarray, sig: np.ndarray, bands: int) -> pl.DataFrame:
    """(bucket, text_id) for every band of every text."""
    keys = band_keys(sig, bands)
    return pl.DataFrame(
        {"bucket": keys.reshape(-1), "text_id": np.repeat(text_ids, bands)}, schema=BUCKET_SCHEMA
    ).unique()


def text_edges(
    buckets: pl.DataFrame, text_ids: np.ndarray, sig: np.ndarray, similarity: float, max_bucket: int
) -> pl.DataFrame:
    """Edges (a, b) between texts, from `buckets` rows whose texts all have a row in `sig`
    (`text_ids[i]` is the text of `sig[i]`)."""
    sized = buckets.with_columns(pl.len().over("bucket").alias("size")).filter(pl.col("size") > 1)
    small = sized.filter(pl.col("size") <= max_bucket).select("bucket", "text_id")
    large = sized.filter(pl.col("size") > max_bucket)
    star = large.with_columns(pl.col("text_id").min().over("bucket").alias("root")).filter(
        pl.col("text_id") != pl.col("root")
    )
    pairs = (
        small.join(small, on="bucket", suffix="_b")
        .filter(pl.col("text_id") < pl.col("text_id_b"))
        .select(pl.col("text_id").alias("a"), pl.col("text_id_b").alias("b"))
        .unique()
    )
    verified = _verify(pairs, text_ids, sig, similarity)
    stars = star.select(pl.col("root").alias("a"), pl.col("text_id").alias("b"))
    return pl.concat([verified, stars]).unique()


def _verify(pairs: pl.DataFrame, text_ids: np.ndarray, sig: np.ndarray, similarity: float) -> pl.DataFrame:
    if pairs.is_empty():
        return pairs
    order = np.argsort(text_ids)
    left = order[np.searchsorted(text_ids, pairs["a"].to_numpy(), sorter=order)]
    right = order[np.searchsorted(text_ids, pairs["b"].to_numpy(), sorter=order)]
    keep = np.zeros(len(pairs), dtype=bool)
    for start in range(0, len(pairs), 1 << 18):  # bounded scratch memory
        stop = start + (1 << 18)
        keep[start:stop] = estimated_jaccard(sig, left[start:stop], right[start:stop]) >= similarity
    return pairs.filter(pl.Series(keep))


def components(nodes: np.ndarray, edges: pl.DataFrame) -> np.ndarray:
    """For each of `nodes` (int64 ids), the smallest id of its connected component."""
    if nodes.size == 0:
        return nodes.copy()
    uniq = np.unique(nodes)
    a = np.searchsorted(uniq, edges["a"].to_numpy()) if len(edges) else np.zeros(0, dtype=np.int64)
    b = np.searchsorted(uniq, edges["b"].to_numpy()) if len(edges) else np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(uniq.size, uniq.size))
    _count, labels = connected_components(graph, directed=False)
    smallest = np.full(labels.max() + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(smallest, labels, uniq)
    return np.asarray(smallest[labels[np.searchsorted(uniq, nodes)]], dtype=np.int64)
