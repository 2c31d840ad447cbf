"""Writing intake batches: posts and their intake annotations, the quarantine, run checkpoints.

Rows go in with multi-row `executemany` through the driver (no per-row ORM work) and
`ON CONFLICT DO NOTHING` on the (platform, post_id) identity, so a batch that is written twice, by a
re-run or by a process that crashed after its commit, changes nothing. Everything for one batch
(posts, annotations, quarantined records, the run's checkpoint) commits in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.ingest.frame import json_list_column
from awas.ingest.records import Rejection
from awas.ingest.steps.dedupe_step import MIN_FINGERPRINT_CHARS
from awas.ingest.tables import ingest_quarantine, post_intake
from awas.store.tables import posts

POST_COLUMNS = (
    "platform",
    "post_id",
    "author_id",
    "author_handle",
    "author_name",
    "author_created_at",
    "text",
    "created_at",
    "url",
    "urls",
    "hashtags",
    "mentions",
    "reply_to",
    "repost_of",
    "quote_of",
    "media",
    "metrics",
    "lang",
    "region_code",
    "raw",
    "raw_sha256",
    "ingested_at",
    "stage",
)
INTAKE_COLUMNS = (
    "platform",
    "post_id",
    "text_sha256",
    "near_key",
    "duplicate_of",
    "shorteners",
    "region_candidates",
    "lang_score",
    "campaign",
    "campaign_terms",
    "paslon_id",
    "run_id",
)
LOOKUP_CHUNK = 900
SQLITE_CACHE_KIB = 65536
SQLITE_CHECKPOINT_PAGES = 20000


def _insert_sql(table: str, columns: Sequence[str], dialect: str) -> str:
    mark = "?" if dialect == "sqlite" else "%s"
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(mark for _ in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT DO NOTHING"


def _time_text(column: str, dialect: str) -> pl.Expr:
    # The same text SQLAlchemy's UTCDateTime writes: naive UTC on SQLite, with offset on PostgreSQL.
    fmt = "%Y-%m-%d %H:%M:%S.%6f" if dialect == "sqlite" else "%Y-%m-%dT%H:%M:%S.%6f+00:00"
    return pl.col(column).dt.convert_time_zone("UTC").dt.strftime(fmt)


def post_rows(batch: pl.DataFrame, now: datetime, dialect: str) -> list[tuple[Any, ...]]:
    now_text = batch.select(pl.lit(now).cast(pl.Datetime("us", "UTC")).alias("n")).pipe(
        lambda f: f.select(_time_text("n", dialect)).item() if f.height else ""
    )
    return batch.select(
        *[pl.col(c) for c in POST_COLUMNS[:5]],
        _time_text("author_created_at", dialect),
        pl.col("text"),
        _time_text("created_at", dialect),
        pl.col("url"),
        json_list_column("urls"),
        json_list_column("hashtags"),
        json_list_column("mentions"),
        *[pl.col(c) for c in ("reply_to", "repost_of", "quote_of", "media", "metrics", "lang")],
        pl.col("region").alias("region_code"),
        pl.col("raw"),
        pl.col("raw_sha256"),
        pl.lit(now_text).alias("ingested_at"),
        pl.lit("new").alias("stage"),
    ).rows()


def intake_rows(batch: pl.DataFrame, run_id: int | None) -> list[tuple[Any, ...]]:
    return batch.select(
        "platform",
        "post_id",
        "text_sha256",
        "near_key",
        "duplicate_of",
        json_list_column("shorteners"),
        json_list_column("region_candidates"),
        "lang_score",
        "campaign",
        json_list_column("campaign_terms"),
        "paslon_id",
        pl.lit(run_id, dtype=pl.Int64).alias("run_id"),
    ).rows()


def insert_batch(conn: Connection, batch: pl.DataFrame, run_id: int | None, now: datetime) -> int:
    """Insert posts and annotations; return how many posts were new (the rest already existed)."""
    if batch.height == 0:
        return 0
    dialect = conn.dialect.name
    if dialect == "sqlite":
        # A 64 MB page cache keeps the posts indexes in memory during big imports, and checkpointing
        # the WAL every 80 MB instead of 4 MB writes each index page to the file once, not each batch.
        conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
    result = conn.exec_driver_sql(_insert_sql("posts", POST_COLUMNS, dialect), post_rows(batch, now, dialect))
    inserted = result.rowcount
    conn.exec_driver_sql(_insert_sql("post_intake", INTAKE_COLUMNS, dialect), intake_rows(batch, run_id))
    return int(inserted if inserted is not None and inserted >= 0 else batch.height)


def known_keys(conn: Connection, batch: pl.DataFrame) -> pl.DataFrame:
    """The (platform, post_id) pairs of this batch that are already stored."""
    found: list[tuple[str, str]] = []
    for (platform,), group in batch.select("platform", "post_id").group_by("platform"):
        ids = group["post_id"].to_list()
        for i in range(0, len(ids), LOOKUP_CHUNK):
            query = sa.select(posts.c.platform, posts.c.post_id).where(
                posts.c.platform == platform, posts.c.post_id.in_(ids[i : i + LOOKUP_CHUNK])
            )
            found += [(r[0], r[1]) for r in conn.execute(query)]
    return pl.DataFrame(found, schema={"platform": pl.String, "post_id": pl.String}, orient="row")


def link_stored_duplicates(conn: Connection, batch: pl.DataFrame) -> pl.DataFrame:
    """Point `duplicate_of` at the stored original for near keys seen before this batch."""
    keys = batch.filter(pl.col("near_len") >= MIN_FINGERPRINT_CHARS)["near_key"].unique().to_list()
    originals: dict[str, str] = {}
    for i in range(0, len(keys), LOOKUP_CHUNK):
        query = (
            sa.select(
                post_intake.c.near_key, sa.func.min(post_intake.c.platform + ":" + post_intake.c.post_id)
            )
            .where(
                post_intake.c.near_key.in_(keys[i : i + LOOKUP_CHUNK]), post_intake.c.duplicate_of.is_(None)
            )
            .group_by(post_intake.c.near_key)
        )
        originals.update({r[0]: r[1] for r in conn.execute(query)})
    if not originals:
        return batch
    stored = pl.DataFrame({"near_key": list(originals), "_orig": list(originals.values())})
    long_enough = pl.col("near_len") >= MIN_FINGERPRINT_CHARS
    return (
        batch.join(stored, on="near_key", how="left")
        .with_columns(
            pl.when(long_enough & pl.col("_orig").is_not_null())
            .then("_orig")
            .otherwise("duplicate_of")
            .alias("duplicate_of")
        )
        .drop("_orig")
    )


def quarantine(conn: Connection, rejections: Sequence[Rejection], run_id: int | None, now: datetime) -> None:
    """Store rejected records once per (source, line, reason); source-level failures every time."""
    if not rejections:
        return
    rows = [
        {
            "run_id": run_id,
            "source": r.source,
            "line": r.line,
            "field": r.field,
            "reason": r.reason,
            "excerpt": r.excerpt,
            "created_at": now,
        }
        for r in rejections
    ]
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
    conn.execute(insert(ingest_quarantine).on_conflict_do_nothing(), rows)
