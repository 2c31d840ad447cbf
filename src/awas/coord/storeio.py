"""Reading posts and coordination state out of the database as frames, and state settings."""

from __future__ import annotations

from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.coord.frame import FRAME_SCHEMA, tidy_frame
from awas.coord.tables import coord_buckets, coord_items, coord_state, coord_texts
from awas.store.tables import posts

_POST_COLUMNS = (
    posts.c.id,
    posts.c.platform,
    posts.c.post_id,
    posts.c.author_id,
    posts.c.author_handle,
    posts.c.author_created_at,
    posts.c.text,
    posts.c.created_at,
    posts.c.urls,
    posts.c.hashtags,
    posts.c.repost_of,
    posts.c.reply_to,
)


def _frame(rows: list[Any]) -> pl.DataFrame:
    data = [
        (
            r.id,
            r.platform,
            r.post_id,
            f"{r.platform}:{r.author_id}",
            r.author_handle,
            r.author_created_at,
            r.text or "",
            int(r.created_at.timestamp()),
            list(r.urls or []),
            list(r.hashtags or []),
            r.repost_of,
            r.reply_to,
        )
        for r in rows
    ]
    return tidy_frame(pl.DataFrame(data, schema=FRAME_SCHEMA, orient="row"))


def posts_after(conn: Connection, cursor: int) -> pl.DataFrame:
    """Posts stored after `cursor` (posts.id), as a frame whose `pid` is posts.id."""
    query = sa.select(*_POST_COLUMNS).where(posts.c.id > cursor).order_by(posts.c.id)
    return _frame(list(conn.execute(query)))


def posts_of_accounts(conn: Connection, accounts: list[str]) -> pl.DataFrame:
    """Every stored post of these accounts ("platform:author_id")."""
    wanted = set(accounts)
    ids = sorted({a.partition(":")[2] for a in accounts})
    rows: list[Any] = []
    for start in range(0, len(ids), 5_000):
        query = sa.select(*_POST_COLUMNS).where(posts.c.author_id.in_(ids[start : start + 5_000]))
        rows.extend(r for r in conn.execute(query) if f"{r.platform}:{r.author_id}" in wanted)
    return _frame(rows)


def stored_items(conn: Connection) -> pl.DataFrame:
    """Item rows of items two or more accounts share (the only ones that can make pairs)."""
    shared = (
        sa.select(coord_items.c.kind, coord_items.c.item)
        .group_by(coord_items.c.kind, coord_items.c.item)
        .having(sa.func.count(sa.distinct(coord_items.c.account)) > 1)
        .subquery()
    )
    columns = (
        coord_items.c.kind,
        coord_items.c.item,
        coord_items.c.pid,
        coord_items.c.account,
        coord_items.c.t,
    )
    query = sa.select(*columns).join(
        shared, (coord_items.c.kind == shared.c.kind) & (coord_items.c.item == shared.c.item)
    )
    rows = [tuple(r) for r in conn.execute(query)]
    schema = {"kind": pl.String, "item": pl.String, "pid": pl.Int64, "account": pl.String, "t": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def read_state(conn: Connection) -> dict[str, Any]:
    return {r.key: r.value for r in conn.execute(sa.select(coord_state))}


def write_state(conn: Connection, values: dict[str, Any]) -> None:
    for key, value in values.items():
        conn.execute(coord_state.delete().where(coord_state.c.key == key))
        conn.execute(coord_state.insert().values(key=key, value=value))


def clear_state(conn: Connection) -> None:
    """Forget every stored text, bucket, item and setting (a rebuild starts from the first post)."""
    for table in (coord_items, coord_buckets, coord_texts, coord_state):
        conn.execute(table.delete())
