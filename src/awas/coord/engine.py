"""The coordination engine: posts in, clusters out (the full run; `service` adds the store).

1. near-duplicate groups (exact duplicates first, then MinHash LSH over normalised shingles);
2. items per kind (text group, canonical link, hashtag set, repost/reply target) shared by 2+ accounts;
3. windows per kind (analyst's, or CooRnet's estimate on these items);
4. co-action pairs within the window; 5. edges by repetitions; 6. clusters, features and scores.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from awas.coord.clusters import build_clusters
from awas.coord.config import CoordConfig
from awas.coord.coverage import covered_pairs
from awas.coord.features import account_features
from awas.coord.items import DEFAULT_CANONICALISER, Canonicaliser, all_items
from awas.coord.neardup import TextIndex, index_texts
from awas.coord.network import account_edges
from awas.coord.pairs import all_pairs
from awas.coord.records import Cluster, DetectResult, DetectStats
from awas.coord.windows import resolve_windows

Progress = Callable[[str], None]
# Step 1 as a replaceable function (the scale-out engine distributes signing and LSH banding).
TextIndexer = Callable[[pl.DataFrame, CoordConfig], TextIndex]


@dataclass(frozen=True, slots=True)
class EngineTables:
    """Intermediate tables of one run (what the store keeps for the next incremental run)."""

    texts: TextIndex
    items: pl.DataFrame
    pairs: pl.DataFrame  # fast scale (kind window) and slow scale, column `scale`
    windows: dict[str, int]


def quiet_progress(_step: str) -> None:
    return None


def compute_tables(
    frame: pl.DataFrame,
    config: CoordConfig,
    canonicalise: Canonicaliser = DEFAULT_CANONICALISER,
    progress: Progress = quiet_progress,
    indexer: TextIndexer = index_texts,
) -> EngineTables:
    """Steps 1-4 over `frame` (see the module docstring)."""
    progress("teks mirip (MinHash LSH)")
    texts = indexer(frame, config)
    progress("aksi bersama per jenis")
    items = all_items(frame, texts.posts, config, canonicalise)
    windows = resolve_windows(items, config)
    progress("pasangan akun dalam jendela waktu")
    pairs = scaled_pairs(items, windows, config)
    return EngineTables(texts, items, pairs, windows)


def slow_windows(windows: dict[str, int], config: CoordConfig) -> dict[str, int]:
    return {kind: max(windows[kind], config.slow_window) for kind in config.slow_kinds}


def scaled_pairs(items: pl.DataFrame, windows: dict[str, int], config: CoordConfig) -> pl.DataFrame:
    """Pairs at the kind's window (scale "fast") and at the slow window (scale "slow")."""
    fast = all_pairs(items, windows, config.max_neighbours)
    # An item posted by more than `slow_max_item_accounts` accounts over hours is viral: its (many)
    # slow pairs are not made. Such an item still counts at the fast scale, within minutes.
    small = items.filter(pl.col("account").n_unique().over("kind", "item") <= config.slow_max_item_accounts)
    slow = all_pairs(small, slow_windows(windows, config), config.max_neighbours)
    return pl.concat([fast.with_columns(scale=pl.lit("fast")), slow.with_columns(scale=pl.lit("slow"))])


def evidence_pairs(pairs: pl.DataFrame, items: pl.DataFrame, config: CoordConfig) -> pl.DataFrame:
    """Pairs that count: fast ones in concentrated bursts, slow ones on covered items."""
    fast = pairs.filter((pl.col("scale") == "fast") & (pl.col("concentration") >= config.min_concentration))
    slow = covered_pairs(pairs.filter(pl.col("scale") == "slow"), items, config)
    return pl.concat([fast, slow]).drop("scale").unique(["kind", "item", "pid_a", "pid_b"], keep="first")


def clusters_from(
    frame: pl.DataFrame,
    items: pl.DataFrame,
    pairs: pl.DataFrame,
    windows: dict[str, int],
    config: CoordConfig,
    progress: Progress = quiet_progress,
) -> tuple[list[Cluster], pl.DataFrame]:
    """Steps 5-6: evidence pairs, edges, clusters with features and scores; and the edges.

    `frame` must hold every post of the accounts that appear in `pairs` (features use them).
    """
    progress("jaringan akun dan klaster")
    evidence = evidence_pairs(pairs, items, config)
    edges = account_edges(evidence, items, config.min_repetitions, config.min_overlap, 0.0)
    text_rows = items.filter(pl.col("kind") == "near_duplicate_text")
    features = account_features(frame, text_rows)
    return build_clusters(frame, evidence, edges, features, windows, config), edges


def detect_frame(
    frame: pl.DataFrame,
    config: CoordConfig | None = None,
    canonicalise: Canonicaliser = DEFAULT_CANONICALISER,
    progress: Progress = quiet_progress,
    indexer: TextIndexer = index_texts,
) -> DetectResult:
    """Clusters of coordinated accounts in `frame` (see `awas.coord.frame` for its columns)."""
    config = config or CoordConfig()
    tables = compute_tables(frame, config, canonicalise, progress, indexer)
    clusters, edges = clusters_from(frame, tables.items, tables.pairs, tables.windows, config, progress)
    stats = DetectStats(
        posts=frame.height,
        texts=int(tables.texts.text_ids.size),
        text_groups=tables.texts.group_count,
        pairs=counts_by_kind(tables.pairs),
        edges=counts_by_kind(edges),
        future_posts=future_posts(frame),
    )
    return DetectResult(tuple(clusters), dict(tables.windows), stats)


def future_posts(frame: pl.DataFrame) -> int:
    """Posts dated more than a day after now (kept, but worth telling the analyst)."""
    return int((frame["t"] > time.time() + 86400).sum())


def counts_by_kind(table: pl.DataFrame) -> dict[str, int]:
    if table.is_empty():
        return {}
    return {row[0]: int(row[1]) for row in table.group_by("kind").len().iter_rows()}
