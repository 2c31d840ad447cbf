"""`awas coord detect --engine ray`: near-duplicate text search with distributed signing and banding.

Step 1 of coordination (`coord.neardup.index_texts`) is the expensive one; on an engine it runs as:
1. posts are split into shards by a hash of their text (equal texts meet in one shard) and each
   shard is normalised and MinHash-signed on a worker (`prepare_texts`, `sign_texts`, `bucket_rows`:
   the local functions; a text's signature depends on the text alone);
2. LSH banding as a distributed shuffle: the (bucket, text, signature) rows of buckets shared by two
   or more texts are hash-partitioned by bucket and each partition applies `lsh.text_edges`, whose
   rules depend only on which texts a bucket holds, so the union of the partitions' edges is the
   local edge set;
3. groups (connected components) and the rest of the pipeline (items, windows, pairs, clusters) run
   here, unchanged. So the clusters are those of the local engine.
Store mode (`awas coord detect` without `--in`) keeps its incremental state in the database and
runs in this process whatever the engine (its per-run work is the new posts only).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from awas.coord.config import CoordConfig
from awas.coord.engine import Progress, TextIndexer, detect_frame, quiet_progress
from awas.coord.lsh import bucket_rows, components, text_edges
from awas.coord.neardup import TextIndex, sign_texts
from awas.coord.records import DetectResult
from awas.coord.textprep import prepare_texts
from awas.scale.engine import Engine

SHARD_SEED = 21


def sign_shard(config: CoordConfig, shard: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """On a worker: (pid, text_id) of the shard's eligible posts, and (bucket, text_id, sig) rows."""
    posts = prepare_texts(shard, config.min_tokens)
    text_ids, sig = sign_texts(posts, config)
    rows = bucket_rows(text_ids, sig, config.bands)
    signatures = pl.DataFrame({"text_id": text_ids, "sig": [bytes(row) for row in sig]})
    return posts.select("pid", "text_id"), rows.join(signatures, on="text_id")


def bucket_edges(config: CoordConfig, rows: pl.DataFrame) -> pl.DataFrame:
    """On a worker: `text_edges` over whole buckets (one shuffle partition)."""
    rows = rows.unique(["bucket", "text_id"])
    texts = rows.unique("text_id").sort("text_id")
    sig = np.frombuffer(b"".join(texts["sig"].to_list()), dtype=np.uint32).reshape(-1, config.num_hashes)
    edges = text_edges(
        rows.select("bucket", "text_id"),
        texts["text_id"].to_numpy(),
        sig,
        config.similarity,
        config.max_bucket,
    )
    return edges.select(pl.col("a").cast(pl.Int64), pl.col("b").cast(pl.Int64))


def _shards(frame: pl.DataFrame, count: int) -> list[pl.DataFrame]:
    keyed = frame.with_columns((pl.col("text").hash(SHARD_SEED) % count).alias("_shard"))
    return [part.drop("_shard") for _, part in keyed.group_by("_shard", maintain_order=True)]


def distributed_indexer(engine: Engine) -> TextIndexer:
    """`coord.neardup.index_texts`, with signing and banding on `engine` (see the module docstring)."""

    def index(frame: pl.DataFrame, config: CoordConfig) -> TextIndex:
        signed = list(engine.map_ordered(sign_shard, config, _shards(frame, 2 * engine.parallelism)))
        posts = pl.concat([p for p, _ in signed])
        rows = pl.concat([r for _, r in signed]).unique(["bucket", "text_id"])
        texts = rows.unique("text_id").sort("text_id")
        text_ids = texts["text_id"].to_numpy()
        sig = np.frombuffer(b"".join(texts["sig"].to_list()), dtype=np.uint32).reshape(-1, config.num_hashes)
        shared = rows.filter(pl.len().over("bucket") > 1)
        partitions = shared.with_columns((pl.col("bucket") % (4 * engine.parallelism)).alias("part"))
        edges = engine.map_groups(bucket_edges, config, partitions, "part").unique()
        groups = components(text_ids, edges)
        lookup = pl.DataFrame({"text_id": text_ids, "group": groups})
        buckets = rows.select("bucket", "text_id")
        return TextIndex(text_ids, sig, buckets, groups, posts.join(lookup, on="text_id"))

    return index


def detect_file(
    frame: pl.DataFrame,
    config: CoordConfig,
    engine: Engine | None = None,
    progress: Progress = quiet_progress,
) -> DetectResult:
    """`coord.engine.detect_frame` on `engine` (None or local: entirely in this process)."""
    if engine is None or engine.name == "local":
        return detect_frame(frame, config, progress=progress)
    return detect_frame(frame, config, progress=progress, indexer=distributed_indexer(engine))
