"""Writing intake batches: posts and their intake annotations, the quarantine, run checkpoints.

Rows go in through the driver, never row by row through the ORM: SQLite takes one prepared
`executemany` per table, PostgreSQL a COPY into a staging table (`pgcopy`); both insert with
`ON CONFLICT DO NOTHING` on the (platform, post_id) identity, so a batch that is written twice, by a
re-run or by a process that crashed after its commit, changes nothing. Everything for one batch
(posts, annotations, quarantined records, the run's checkpoint) commits in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from awas.ingest.frame import json_list_column
from awas.ingest.pgcopy import copy_insert
from awas.ingest.records import Rejection
from awas.ingest.steps.dedupe_step import MIN_FINGERPRINT_CHARS
from awas.ingest.tables import ingest_quarantine

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
SQLITE_CACHE_KIB = 131072
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


def post_frame(batch: pl.DataFrame, now: datetime, dialect: str) -> pl.DataFrame:
    """The `posts` columns (POST_COLUMNS) as the driver takes them: times and JSON as text."""
    return batch.with_columns(pl.lit(now).cast(pl.Datetime("us", "UTC")).alias("_now")).select(
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
        _time_text("_now", dialect).alias("ingested_at"),
        pl.lit("new").alias("stage"),
    )


def intake_frame(batch: pl.DataFrame, run_id: int | None) -> pl.DataFrame:
    """The `post_intake` columns (INTAKE_COLUMNS), lists as JSON text."""
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
    )


def post_rows(batch: pl.DataFrame, now: datetime, dialect: str) -> list[tuple[Any, ...]]:
    return post_frame(batch, now, dialect).rows()


def intake_rows(batch: pl.DataFrame, run_id: int | None) -> list[tuple[Any, ...]]:
    return intake_frame(batch, run_id).rows()


def insert_batch(conn: Connection, batch: pl.DataFrame, run_id: int | None, now: datetime) -> int:
    """Insert posts and annotations; return how many posts were new (the rest already existed).

    PostgreSQL: COPY through a staging table (`pgcopy`); SQLite: one prepared executemany per table.
    """
    if batch.height == 0:
        return 0
    dialect = conn.dialect.name
    if dialect != "sqlite":
        inserted = copy_insert(conn, "posts", post_frame(batch, now, dialect))
        copy_insert(conn, "post_intake", intake_frame(batch, run_id))
        return inserted
    # A 128 MB page cache keeps the posts indexes of a 1,000,000-post database in memory (64 MB:
    # 53 s for 1,000,000 posts, 128 MB: 50 s, 256 MB: no faster), and checkpointing
    # the WAL every 80 MB instead of 4 MB writes each index page to the file once, not each batch.
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
    result = conn.exec_driver_sql(_insert_sql("posts", POST_COLUMNS, dialect), post_rows(batch, now, dialect))
    inserted = result.rowcount
    conn.exec_driver_sql(_insert_sql("post_intake", INTAKE_COLUMNS, dialect), intake_rows(batch, run_id))
    return int(inserted if inserted is not None and inserted >= 0 else batch.height)


# One statement per lookup whatever the number of keys: SQLite reads them from a JSON array
# parameter, PostgreSQL from an array parameter (no 900-key batches, no per-key bind parameters).
KNOWN_SQL = {
    "sqlite": "SELECT post_id FROM posts WHERE platform = ? AND post_id IN (SELECT value FROM json_each(?))",
    "postgresql": "SELECT post_id FROM posts WHERE platform = %s AND post_id = ANY(%s)",
}
ORIGINALS_SQL = {
    "sqlite": "SELECT near_key, min(platform || ':' || post_id) FROM post_intake "
    "WHERE near_key IN (SELECT value FROM json_each(?)) AND duplicate_of IS NULL GROUP BY near_key",
    "postgresql": "SELECT near_key, min(platform || ':' || post_id) FROM post_intake "
    "WHERE near_key = ANY(%s) AND duplicate_of IS NULL GROUP BY near_key",
}


def _keys_param(keys: list[str], dialect: str) -> Any:
    return json.dumps(keys) if dialect == "sqlite" else keys


def known_keys(conn: Connection, batch: pl.DataFrame) -> pl.DataFrame:
    """The (platform, post_id) pairs of this batch that are already stored."""
    dialect = conn.dialect.name
    found: list[tuple[str, str]] = []
    for (platform,), group in batch.select("platform", "post_id").group_by("platform"):
        ids = _keys_param(group["post_id"].to_list(), dialect)
        found += [(str(platform), r[0]) for r in conn.exec_driver_sql(KNOWN_SQL[dialect], (platform, ids))]
    return pl.DataFrame(found, schema={"platform": pl.String, "post_id": pl.String}, orient="row")


def link_stored_duplicates(conn: Connection, batch: pl.DataFrame) -> pl.DataFrame:
    """Point `duplicate_of` at the stored original for near keys seen before this batch."""
    keys = batch.filter(pl.col("near_len") >= MIN_FINGERPRINT_CHARS)["near_key"].unique().to_list()
    if not keys:
        return batch
    dialect = conn.dialect.name
    rows = conn.exec_driver_sql(ORIGINALS_SQL[dialect], (_keys_param(keys, dialect),)).all()
    if not rows:
        return batch
    stored = pl.DataFrame(rows, schema={"near_key": pl.String, "_orig": pl.String}, orient="row")
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
