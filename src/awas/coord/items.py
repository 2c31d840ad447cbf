"""What posts share, per kind: the "items" two accounts can co-act on.

One row per (kind, item, post): `kind`, `item` (text key), `pid` (the frame's post number), `account`,
`t`. Items: the near-duplicate group (`neardup`), each canonical link, the set of hashtags (at
least `min_hashtags`, lower-cased, order-free), the repost target and the reply target (both kind
`co_repost`; a reply target is prefixed `reply:`).

Link canonicalisation is a seam: `canonicalise(url) -> str` is injected. The default is intake's
`awas.ingest.steps.urls_step.canonical_url` (intake owns canonicalisation: tracking parameters,
host case, fragments), so a link in a JSONL file and the same link stored by intake become one
item; it is idempotent, so URLs that intake already canonicalised in the store stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from awas.coord.config import CoordConfig, Kind
from awas.ingest.steps.urls_step import canonical_url

Canonicaliser = Callable[[str], str]
DEFAULT_CANONICALISER: Canonicaliser = canonical_url
ITEM_SCHEMA = {"kind": pl.String, "item": pl.String, "pid": pl.Int64, "account": pl.String, "t": pl.Int64}
_HASHTAG_IN_TEXT = r"#(\w{2,100})"


def link_items(frame: pl.DataFrame, canonicalise: Canonicaliser) -> pl.DataFrame:
    """Each distinct canonical link of each post; the seam runs once per distinct URL."""
    links = (
        frame.select("pid", "account", "t", pl.col("urls").alias("url"))
        .explode("url")
        .filter(pl.col("url").is_not_null() & (pl.col("url") != ""))
    )
    distinct = links.select(pl.col("url").unique())
    mapped = distinct.with_columns(
        pl.Series("item", [canonicalise(u) for u in distinct["url"].to_list()], dtype=pl.String)
    )
    return _shape(links.join(mapped, on="url").unique(["pid", "item"]), Kind.CO_LINK)


def hashtag_items(frame: pl.DataFrame, min_hashtags: int) -> pl.DataFrame:
    """The hashtag set of each post (field `hashtags` plus #tags in the text), if large enough."""
    tags = frame.select(
        "pid",
        "account",
        "t",
        pl.concat_list(pl.col("hashtags"), pl.col("text").str.extract_all(_HASHTAG_IN_TEXT))
        .list.eval(pl.element().str.strip_chars_start("#").str.to_lowercase().str.slice(0, 100))
        .list.eval(pl.element().filter(pl.element() != ""))
        .list.unique()
        .list.sort()
        .alias("tags"),
    )
    sets = tags.filter(pl.col("tags").list.len() >= min_hashtags).with_columns(
        pl.col("tags").list.head(20).list.join(" ").alias("item")
    )
    return _shape(sets, Kind.CO_HASHTAG)


def target_items(frame: pl.DataFrame) -> pl.DataFrame:
    """Repost targets and reply targets (kind co_repost), qualified by platform."""
    reposts = frame.filter(pl.col("repost_of").is_not_null()).with_columns(
        (pl.col("platform") + ":" + pl.col("repost_of")).alias("item")
    )
    replies = frame.filter(pl.col("reply_to").is_not_null()).with_columns(
        ("reply:" + pl.col("platform") + ":" + pl.col("reply_to")).alias("item")
    )
    return pl.concat([_shape(reposts, Kind.CO_REPOST), _shape(replies, Kind.CO_REPOST)])


def text_items(frame: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """Near-duplicate groups (`groups`: pid, group) as items."""
    posts = frame.join(groups.select("pid", "group"), on="pid")
    return _shape(posts.with_columns(pl.col("group").cast(pl.String).alias("item")), Kind.NEAR_DUPLICATE_TEXT)


def all_items(
    frame: pl.DataFrame, groups: pl.DataFrame, config: CoordConfig, canonicalise: Canonicaliser
) -> pl.DataFrame:
    """Every item of every kind, only items that at least two accounts share."""
    return shared_only(item_rows(frame, groups, config, canonicalise))


def item_rows(
    frame: pl.DataFrame, groups: pl.DataFrame, config: CoordConfig, canonicalise: Canonicaliser
) -> pl.DataFrame:
    """Every item of every kind of every post (shared or not)."""
    return pl.concat(
        [
            text_items(frame, groups),
            link_items(frame, canonicalise),
            hashtag_items(frame, config.min_hashtags),
            target_items(frame),
        ]
    )


def shared_only(items: pl.DataFrame) -> pl.DataFrame:
    """Rows whose (kind, item) has two or more distinct accounts (no one co-acts alone)."""
    return items.filter(pl.col("account").n_unique().over("kind", "item") > 1)


def _shape(frame: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    return frame.select(
        pl.lit(kind.value).alias("kind"),
        pl.col("item").cast(pl.String),
        pl.col("pid").cast(pl.Int64),
        "account",
        pl.col("t").cast(pl.Int64),
    )
