"""Near-duplicate groups of posts: exact duplicates collapse to one text, MinHash LSH joins the rest.

`index_texts` is the full run over a frame; the incremental store (`store_state`) runs the same
steps on new texts against the stored buckets and signatures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from awas.coord.config import CoordConfig
from awas.coord.lsh import bucket_rows, components, text_edges
from awas.coord.minhash import shingles, signatures
from awas.coord.textprep import prepare_texts


@dataclass(frozen=True, slots=True)
class TextIndex:
    """Distinct texts (sorted `text_ids`), their signatures, buckets and group (smallest id)."""

    text_ids: np.ndarray
    sig: np.ndarray
    buckets: pl.DataFrame
    groups: np.ndarray
    posts: pl.DataFrame  # pid, text_id, group

    @property
    def group_count(self) -> int:
        """Groups that join two or more posts."""
        sizes = self.posts.group_by("group").len()
        return int((sizes["len"] > 1).sum())


def sign_texts(texts: pl.DataFrame, config: CoordConfig) -> tuple[np.ndarray, np.ndarray]:
    """(sorted text ids, signatures) of distinct texts (`text_id`, `norm`)."""
    distinct = texts.unique("text_id").sort("text_id")
    doc, h = shingles(distinct["norm"])
    sig = signatures(doc, h, distinct.height, config.num_hashes)
    return distinct["text_id"].to_numpy(), sig


def index_texts(frame: pl.DataFrame, config: CoordConfig) -> TextIndex:
    """Group every eligible post of `frame` with its near-duplicates."""
    posts = prepare_texts(frame, config.min_tokens)
    text_ids, sig = sign_texts(posts, config)
    buckets = bucket_rows(text_ids, sig, config.bands)
    edges = text_edges(buckets, text_ids, sig, config.similarity, config.max_bucket)
    groups = components(text_ids, edges)
    lookup = pl.DataFrame({"text_id": text_ids, "group": groups})
    return TextIndex(
        text_ids, sig, buckets, groups, posts.select("pid", "text_id").join(lookup, on="text_id")
    )
