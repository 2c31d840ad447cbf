"""Coordination over the store: new posts update the stored state, then the clusters are rebuilt.

`detect_in_store(app)`:
1. read the state (settings, cursor = last posts.id done); `rebuild` or changed shaping settings
   clear it and start from the first post;
2. new posts only: normalise, sign and bucket their new texts against the stored buckets
   (`textstate`), extract their items, store both with the new cursor (one transaction);
3. from the stored items that two or more accounts share: windows (kept from the first run unless
   the analyst sets one), co-action pairs, edges, clusters, scores, paslon links;
4. replace the stored clusters and record the run in the audit log.
The per-post work (normalisation, MinHash, LSH, item extraction) is never repeated for a stored
post; the network step is a columnar pass over the stored item table.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy.engine import Connection

from awas.app import App
from awas.coord.clusterstore import save_clusters
from awas.coord.config import CoordConfig
from awas.coord.engine import (
    Progress,
    clusters_from,
    counts_by_kind,
    future_posts,
    quiet_progress,
    scaled_pairs,
)
from awas.coord.items import (
    DEFAULT_CANONICALISER,
    Canonicaliser,
    item_rows,
)
from awas.coord.link import EntityLinker, detection_linker, link_clusters
from awas.coord.records import Cluster, DetectStats
from awas.coord.storeio import (
    clear_state,
    posts_after,
    posts_of_accounts,
    read_state,
    stored_items,
    write_state,
)
from awas.coord.tables import coord_items
from awas.coord.textprep import prepare_texts
from awas.coord.textstate import save_texts, update_texts
from awas.coord.windows import resolve_windows
from awas.domain.audit import AuditEvent
from awas.ingest.registry import CampaignAccountRegistry
from awas.store.audit import append_audit
from awas.timeutil import utcnow


@dataclass(frozen=True, slots=True)
class StoreRun:
    new_posts: int
    clusters: tuple[Cluster, ...]
    windows: dict[str, int]
    stats: DetectStats
    rebuilt: bool


def detect_in_store(
    app: App,
    *,
    config: CoordConfig | None = None,
    rebuild: bool = False,
    actor: str = "system",
    linker: EntityLinker | None = None,
    canonicalise: Canonicaliser = DEFAULT_CANONICALISER,
    progress: Progress = quiet_progress,
) -> StoreRun:
    """Update the coordination state with new posts and rebuild the stored clusters (see module doc).

    `linker` defaults to detection's paslon linker (`link.detection_linker`); `canonicalise` to
    intake's canonical_url (idempotent on the URLs intake already stored).
    """
    config = config or CoordConfig()
    linker = linker or detection_linker(app)
    with app.db.transaction() as conn:
        state = read_state(conn)
        rebuilt = rebuild or _settings_changed(state, config)
        if rebuilt:
            clear_state(conn)
            state = {}
        cursor = int(state.get("cursor", 0))
        frame = posts_after(conn, cursor)
        progress(f"{frame.height} post baru")
        _absorb(conn, frame, config, canonicalise)
        last = frame["pid"].max() if frame.height else cursor
        write_state(conn, {"cursor": int(last), "shape": _shape(config)})  # type: ignore[arg-type]
    return _rebuild_clusters(app, config, state, frame.height, rebuilt, actor, linker, progress)


def _shape(config: CoordConfig) -> str:
    return config.with_windows({}).state_fingerprint()


def _settings_changed(state: dict[str, object], config: CoordConfig) -> bool:
    """Stored texts and items depend on the shaping settings; windows only shape the network."""
    return "shape" in state and state["shape"] != _shape(config)


def _windows(state: dict[str, object], items: pl.DataFrame, config: CoordConfig) -> dict[str, int]:
    """The analyst's windows, else those of the first run, else CooRnet's estimate on the items."""
    stored = state.get("windows")
    if isinstance(stored, dict):
        config = config.with_windows({str(k): int(v) for k, v in stored.items()} | config.windows)
    return resolve_windows(items, config)


def _absorb(conn: Connection, frame: pl.DataFrame, config: CoordConfig, canonicalise: Canonicaliser) -> None:
    texts = prepare_texts(frame, config.min_tokens)
    update = update_texts(conn, texts.select("text_id", "norm"), config)
    groups = texts.join(update.groups, on="text_id").select("pid", pl.col("grp").alias("group"))
    save_texts(conn, update)
    items = item_rows(frame, groups, config, canonicalise).unique(["kind", "item", "pid"])
    rows = items.select("kind", "item", "pid", "account", "t").to_dicts()
    for start in range(0, len(rows), 5_000):
        conn.execute(coord_items.insert(), rows[start : start + 5_000])


def _rebuild_clusters(
    app: App,
    config: CoordConfig,
    state: dict[str, object],
    new_posts: int,
    rebuilt: bool,
    actor: str,
    linker: EntityLinker | None,
    progress: Progress,
) -> StoreRun:
    with app.db.read() as conn:
        items = stored_items(conn)
    windows = _windows(state, items, config)
    pairs = scaled_pairs(items, windows, config)
    accounts = sorted(set(pairs["account_a"].to_list()) | set(pairs["account_b"].to_list()))
    with app.db.read() as conn:
        frame = posts_of_accounts(conn, accounts)
    clusters, edges = clusters_from(frame, items, pairs, windows, config, progress)
    links = link_clusters(clusters, frame, CampaignAccountRegistry(app.db), linker)
    now = utcnow()
    stats = DetectStats(new_posts, 0, 0, counts_by_kind(pairs), counts_by_kind(edges), future_posts(frame))
    with app.db.transaction() as conn:
        write_state(conn, {"windows": windows})
        save_clusters(conn, clusters, links, now)
        details = {"new_posts": new_posts, "clusters": len(clusters), "windows": windows, "rebuilt": rebuilt}
        event = AuditEvent(
            actor=actor, action="coord.detect", object_type="coord", object_id="store", details=details
        )
        append_audit(conn, event)
    return StoreRun(new_posts, tuple(clusters), windows, stats, rebuilt)
