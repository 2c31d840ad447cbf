"""Posts as a columnar batch (Polars): the unit the intake steps and the writer work on.

Every intake step is a function `DataFrame -> DataFrame` over this schema, so the same steps run
in-process and on the Ray engine (`map_batches`). Nested values that vary by platform (`media`,
`metrics`, `raw`) travel as JSON text; lists of strings are native list columns.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from awas.domain.posts import Post

UTC_DT = pl.Datetime("us", "UTC")
LIST = pl.List(pl.String)

POST_SCHEMA: dict[str, pl.DataType] = {
    "platform": pl.String(),
    "post_id": pl.String(),
    "author_id": pl.String(),
    "author_handle": pl.String(),
    "author_name": pl.String(),
    "author_created_at": UTC_DT,
    "text": pl.String(),
    "created_at": UTC_DT,
    "url": pl.String(),
    "urls": LIST,
    "hashtags": LIST,
    "mentions": LIST,
    "reply_to": pl.String(),
    "repost_of": pl.String(),
    "quote_of": pl.String(),
    "media": pl.String(),
    "metrics": pl.String(),
    "lang": pl.String(),
    "region": pl.String(),
    "raw": pl.String(),
    "raw_sha256": pl.String(),
}


def dumps(value: Any) -> str:
    """The one JSON serialisation used for hashes and storage (compact, key order kept)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def raw_digest(raw_text: str) -> str:
    return hashlib.sha256(raw_text.encode("utf-8")).hexdigest()


def posts_to_frame(posts: Sequence[Post]) -> pl.DataFrame:
    """A batch frame from typed posts (feeders and platform importers; not the JSONL hot path)."""
    raws = [dumps(p.raw) for p in posts]
    columns: dict[str, list[Any]] = {
        "platform": [p.platform for p in posts],
        "post_id": [p.post_id for p in posts],
        "author_id": [p.author_id for p in posts],
        "author_handle": [p.author_handle for p in posts],
        "author_name": [p.author_name for p in posts],
        "author_created_at": [p.author_created_at for p in posts],
        "text": [p.text for p in posts],
        "created_at": [p.created_at for p in posts],
        "url": [p.url for p in posts],
        "urls": [list(p.urls) for p in posts],
        "hashtags": [list(p.hashtags) for p in posts],
        "mentions": [list(p.mentions) for p in posts],
        "reply_to": [p.reply_to for p in posts],
        "repost_of": [p.repost_of for p in posts],
        "quote_of": [p.quote_of for p in posts],
        "media": [dumps(list(p.media)) for p in posts],
        "metrics": [dumps(p.metrics) for p in posts],
        "lang": [p.lang for p in posts],
        "region": [p.region for p in posts],
        "raw": raws,
        "raw_sha256": [raw_digest(r) for r in raws],
    }
    return pl.DataFrame(columns, schema=POST_SCHEMA)


def empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=POST_SCHEMA)


def frame_to_posts(frame: pl.DataFrame) -> list[Post]:
    """Typed posts back from a batch (after the intake steps: text, urls, lang, region normalised)."""
    return [post_from_mapping(row) for row in frame.select(list(POST_SCHEMA)).iter_rows(named=True)]


_EMPTY_JSON = frozenset({"", "[]", "{}", "null"})


def _decoded(value: Any, empty: Any) -> Any:
    """A nested value as the batch holds it (JSON text) or as the database returns it (decoded)."""
    if value is None or (isinstance(value, str) and value in _EMPTY_JSON):
        return empty  # most posts: no media, no metrics (and no JSON parse for them)
    return json.loads(value) if isinstance(value, str) else value


def post_from_mapping(row: Mapping[str, Any]) -> Post:
    """A Post from a batch row or a `posts` table row (`region` or `region_code`; nested values as
    JSON text or decoded). The one conversion every reader of stored or batched posts uses."""
    return Post(
        platform=row["platform"],
        post_id=row["post_id"],
        author_id=row["author_id"],
        author_handle=row["author_handle"],
        author_name=row["author_name"],
        author_created_at=row["author_created_at"],
        text=row["text"],
        created_at=row["created_at"],
        url=row["url"],
        urls=tuple(row["urls"] or ()),
        hashtags=tuple(row["hashtags"] or ()),
        mentions=tuple(row["mentions"] or ()),
        reply_to=row["reply_to"],
        repost_of=row["repost_of"],
        quote_of=row["quote_of"],
        media=tuple(_decoded(row["media"], [])),
        metrics=dict(_decoded(row["metrics"], {})),
        lang=row["lang"],
        region=row["region"] if "region" in row else row["region_code"],
        raw=dict(_decoded(row["raw"], {})),
    )


def json_list_column(name: str) -> pl.Expr:
    """A list-of-strings column as JSON array text, vectorised (for the JSON columns on insert)."""
    encoded = pl.struct(pl.col(name).fill_null(pl.lit([], dtype=LIST))).struct.json_encode()
    prefix = len(name) + 4  # {"name":
    return encoded.str.slice(prefix, encoded.str.len_bytes() - prefix - 1)


def concat(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    parts = [f for f in frames if f.height]
    return pl.concat(parts, how="vertical_relaxed") if parts else empty_frame()
