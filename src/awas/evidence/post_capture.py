"""Build the files of a stored post's capture: its raw platform record verbatim and its text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.errors import NotFoundError
from awas.evidence.environment import both_times, capture_host, tool_versions
from awas.evidence.hashing import sha256_file
from awas.evidence.records import ArtefactKind, BuiltFile
from awas.store.tables import posts


@dataclass(frozen=True, slots=True)
class StoredPost:
    pk: int
    platform: str
    post_id: str
    url: str | None
    row: dict[str, Any]


def find_post(conn: Connection, *, pk: int | None = None, key: tuple[str, str] | None = None) -> StoredPost:
    """A post by primary key or by (platform, post_id); NotFoundError when absent."""
    query = sa.select(posts)
    if pk is not None:
        query = query.where(posts.c.id == pk)
    elif key is not None:
        query = query.where(posts.c.platform == key[0], posts.c.post_id == key[1])
    row = conn.execute(query).one_or_none()
    if row is None:
        raise NotFoundError(f"pos {pk if pk is not None else ':'.join(key or ())} tidak ditemukan")
    m = dict(row._mapping)
    return StoredPost(m["id"], m["platform"], m["post_id"], m["url"], m)


def build_post_capture(post: StoredPost, workdir: Path) -> tuple[list[BuiltFile], dict[str, Any]]:
    """Write `post.json` (the raw record) and `text.txt`; return the files and the facts."""
    raw = workdir / "post.json"
    raw.write_text(
        json.dumps(post.row["raw"], ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8"
    )
    text = workdir / "text.txt"
    text.write_text(post.row["text"], encoding="utf-8")
    files = [
        BuiltFile(ArtefactKind.RAW_RECORD, raw.name, raw, "application/json"),
        BuiltFile(ArtefactKind.TEXT, text.name, text, "text/plain; charset=utf-8"),
    ]
    return files, _facts(post, sha256_file(raw)[0])


def _facts(post: StoredPost, raw_file_digest: str) -> dict[str, Any]:
    row = post.row
    return {
        "source": {"kind": "post", "platform": post.platform, "post_id": post.post_id, "url": post.url},
        "post": {
            "author_id": row["author_id"],
            "author_handle": row["author_handle"],
            "created_at": both_times(row["created_at"]),
            "ingested_at": both_times(row["ingested_at"]),
            "raw_sha256_at_intake": row["raw_sha256"],
            "raw_file_digest": raw_file_digest,
        },
        "capture_host": capture_host(),
        "tools": dict(tool_versions()),
    }
