"""The post frame the engine works on: one row per post, the columns coordination needs.

Columns (`FRAME_SCHEMA`): `pid` (a post number unique in the frame: the row after sorting for
files, `posts.id` in the store), `platform`, `post_id`, `account` ("platform:author_id", so the same id on
two platforms stays two accounts), `author_handle`, `author_created_at` (UTC), `text`, `t` (epoch
seconds, UTC), `urls`, `hashtags`, `repost_of`, `reply_to`. Built from `Post` records (store mode)
or from intake's columnar post batch (`frame_from_post_frame`, which `jsonl.read_posts_jsonl` uses).
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from awas.domain.posts import Post

FRAME_SCHEMA: dict[str, pl.DataType] = {
    "pid": pl.Int64(),
    "platform": pl.String(),
    "post_id": pl.String(),
    "account": pl.String(),
    "author_handle": pl.String(),
    "author_created_at": pl.Datetime("us", "UTC"),
    "text": pl.String(),
    "t": pl.Int64(),
    "urls": pl.List(pl.String()),
    "hashtags": pl.List(pl.String()),
    "repost_of": pl.String(),
    "reply_to": pl.String(),
}


def empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=FRAME_SCHEMA)


def frame_from_posts(posts: Iterable[Post]) -> pl.DataFrame:
    """The frame for `Post` records (aware datetimes, as the domain guarantees)."""
    rows = [
        (
            0,
            p.platform,
            p.post_id,
            f"{p.platform}:{p.author_id}",
            p.author_handle,
            p.author_created_at,
            p.text or "",
            int(p.created_at.timestamp()),
            list(p.urls),
            list(p.hashtags),
            p.repost_of,
            p.reply_to,
        )
        for p in posts
    ]
    return number_rows(tidy_frame(pl.DataFrame(rows, schema=FRAME_SCHEMA, orient="row")))


def frame_from_post_frame(batch: pl.DataFrame) -> pl.DataFrame:
    """The frame for a batch in intake's `awas.ingest.frame.POST_SCHEMA` (the canonical reader's output)."""
    frame = batch.select(
        pl.lit(0, dtype=pl.Int64).alias("pid"),
        "platform",
        "post_id",
        (pl.col("platform") + ":" + pl.col("author_id")).alias("account"),
        "author_handle",
        pl.col("author_created_at").cast(FRAME_SCHEMA["author_created_at"]),
        "text",
        pl.col("created_at").dt.epoch("s").alias("t"),
        "urls",
        "hashtags",
        "repost_of",
        "reply_to",
    )
    return number_rows(tidy_frame(frame))


def number_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Set `pid` to the row number (files and in-memory frames; the store uses posts.id)."""
    return frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("pid"))


def tidy_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill empty lists and text, blank targets to null, one row per (platform, post_id) (first wins),
    sorted by time then identity so every later step sees the same order whatever the input order."""
    return (
        frame.with_columns(
            pl.col("text").fill_null(""),
            pl.col("urls").fill_null([]).list.eval(pl.element().str.strip_chars()).list.drop_nulls(),
            pl.col("hashtags").fill_null([]),
            pl.col("repost_of").str.strip_chars().replace("", None),
            pl.col("reply_to").str.strip_chars().replace("", None),
        )
        .unique(["platform", "post_id"], keep="first", maintain_order=True)
        .sort(["t", "platform", "post_id"])
    )


def account_of(platform: str, author_id: str) -> str:
    return f"{platform}:{author_id}"


def split_account(account: str) -> tuple[str, str]:
    """(platform, author_id) of an account key; raises ValueError when it is not one."""
    platform, sep, author_id = account.partition(":")
    if not sep:
        raise ValueError(f"not an account key: {account!r}")
    return platform, author_id
