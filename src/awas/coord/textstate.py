"""Near-duplicate groups kept in the database, extended by each run with only the new texts.

For the new distinct texts of a run: signatures and LSH buckets are computed; the stored members of
every bucket a new text falls into are loaded with their signatures and groups; the same edge rules
as a full run (`lsh.text_edges`) are applied to those buckets; groups that a new text joins are
merged under the smallest text id. Because the edge rules depend only on which texts a bucket
holds, the groups equal those of a full run over the same texts (tested).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.coord.config import CoordConfig
from awas.coord.lsh import bucket_rows, components, text_edges
from awas.coord.neardup import sign_texts
from awas.coord.tables import coord_buckets, coord_texts

CHUNK = 5_000  # values per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True, slots=True)
class TextUpdate:
    """New rows to store and stored groups to relabel."""

    texts: pl.DataFrame  # text_id, grp, signature (new texts only)
    buckets: pl.DataFrame  # bucket, text_id (new texts only)
    relabel: dict[int, int]  # stored group -> merged group
    groups: pl.DataFrame  # text_id -> grp for every text the new posts use


def chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def stored_groups(conn: Connection, text_ids: list[int]) -> pl.DataFrame:
    rows: list[tuple[int, int]] = []
    for part in chunks(text_ids):
        query = sa.select(coord_texts.c.text_id, coord_texts.c.grp).where(coord_texts.c.text_id.in_(part))
        rows.extend((int(r[0]), int(r[1])) for r in conn.execute(query))
    return pl.DataFrame(rows, schema={"text_id": pl.Int64, "grp": pl.Int64}, orient="row")


def _stored_members(conn: Connection, buckets: list[int]) -> pl.DataFrame:
    rows: list[tuple[int, int]] = []
    for part in chunks(buckets):
        query = sa.select(coord_buckets.c.bucket, coord_buckets.c.text_id).where(
            coord_buckets.c.bucket.in_(part)
        )
        rows.extend((int(r[0]), int(r[1])) for r in conn.execute(query))
    return pl.DataFrame(rows, schema={"bucket": pl.Int64, "text_id": pl.Int64}, orient="row")


def _stored_signatures(conn: Connection, text_ids: list[int], width: int) -> tuple[np.ndarray, np.ndarray]:
    ids: list[int] = []
    blobs: list[bytes] = []
    for part in chunks(text_ids):
        query = sa.select(coord_texts.c.text_id, coord_texts.c.signature).where(
            coord_texts.c.text_id.in_(part)
        )
        for text_id, blob in conn.execute(query):
            ids.append(int(text_id))
            blobs.append(bytes(blob))
    sig = (
        np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(ids), width)
        if ids
        else np.zeros((0, width), np.uint32)
    )
    return np.array(ids, dtype=np.int64), sig


def update_texts(conn: Connection, texts: pl.DataFrame, config: CoordConfig) -> TextUpdate:
    """Group the run's texts (`text_id`, `norm`) with each other and with the stored ones."""
    known = stored_groups(conn, texts["text_id"].unique().to_list())
    fresh = texts.filter(~pl.col("text_id").is_in(known["text_id"].implode())).unique("text_id")
    new_ids, new_sig = sign_texts(fresh, config)
    new_buckets = bucket_rows(new_ids, new_sig, config.bands)
    old_buckets = _stored_members(conn, new_buckets["bucket"].unique().to_list())
    old_ids, old_sig = _stored_signatures(conn, old_buckets["text_id"].unique().to_list(), config.num_hashes)
    old_groups = stored_groups(conn, old_ids.tolist())
    all_ids = np.concatenate([new_ids, old_ids])
    all_sig = np.concatenate([new_sig, old_sig])
    edges = text_edges(
        pl.concat([new_buckets, old_buckets]).unique(), all_ids, all_sig, config.similarity, config.max_bucket
    )
    # Stored texts stay tied to their group: the group id is a node, linked to each member loaded.
    ties = old_groups.select(pl.col("grp").alias("a"), pl.col("text_id").alias("b"))
    nodes = np.concatenate([all_ids, old_groups["grp"].to_numpy()])
    merged = components(nodes, pl.concat([edges, ties]))
    label = dict(zip(nodes.tolist(), merged.tolist(), strict=True))
    relabel = {int(g): label[int(g)] for g in old_groups["grp"].unique().to_list() if label[int(g)] != int(g)}
    new_rows = pl.DataFrame(
        {
            "text_id": new_ids,
            "grp": np.array([label[int(i)] for i in new_ids], dtype=np.int64),
            "signature": [row.astype("<u4").tobytes() for row in new_sig],
        },
        schema={"text_id": pl.Int64, "grp": pl.Int64, "signature": pl.Binary},
    )
    known = known.with_columns(pl.col("grp").replace(relabel))
    groups = pl.concat([known, new_rows.select("text_id", "grp")]).unique("text_id")
    return TextUpdate(new_rows, new_buckets, relabel, groups)


def save_texts(conn: Connection, update: TextUpdate) -> None:
    """Insert new texts and buckets, relabel merged groups (texts and near-duplicate items)."""
    from awas.coord.tables import coord_items

    for old, new in update.relabel.items():
        conn.execute(coord_texts.update().where(coord_texts.c.grp == old).values(grp=new))
        conn.execute(
            coord_items.update()
            .where((coord_items.c.kind == "near_duplicate_text") & (coord_items.c.item == str(old)))
            .values(item=str(new))
        )
    _insert(conn, coord_texts, update.texts.to_dicts())
    _insert(conn, coord_buckets, update.buckets.to_dicts())


def _insert(conn: Connection, table: sa.Table, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), CHUNK):
        if rows[start : start + CHUNK]:
            conn.execute(table.insert(), rows[start : start + CHUNK])
