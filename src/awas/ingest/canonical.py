"""The canonical post record (specs/posts-jsonl.md) read from one JSON object, with exact reasons.

This is the careful, record-at-a-time reader: the JSONL importer's fallback for a batch that the
columnar fast path cannot take, and the reader for every other place a canonical record arrives.
Reasons are user-facing, so they are in Bahasa Indonesia; field names stay as in the spec.
"""

from __future__ import annotations

from typing import Any

from awas.domain.posts import PLATFORMS, Post
from awas.ingest.records import Rejection
from awas.timeutil import parse_aware

REQUIRED = ("platform", "post_id", "author_id", "text", "created_at")
ID_FIELDS = ("post_id", "author_id", "reply_to", "repost_of", "quote_of")
TEXT_FIELDS = ("author_handle", "author_name", "url", "lang", "region")
LIST_FIELDS = ("urls", "hashtags", "mentions")
MAX_ID_CHARS = 256
MEDIA_TYPES = frozenset({"image", "video", "audio", "document"})


class FieldProblem(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


def post_from_dict(record: Any, source: str, line: int | None) -> Post | Rejection:
    """A `Post`, or a `Rejection` naming the first field that is wrong and why."""
    try:
        return _post(record)
    except FieldProblem as exc:
        return Rejection(source, str(exc), line, exc.field)


def _post(record: Any) -> Post:
    if not isinstance(record, dict):
        raise FieldProblem("", f"rekaman harus objek JSON, bukan {type(record).__name__}")
    for name in REQUIRED:
        if record.get(name) is None:
            raise FieldProblem(name, f"kolom wajib '{name}' tidak ada")
    if record["platform"] not in PLATFORMS:
        raise FieldProblem("platform", f"platform tidak dikenal: {str(record['platform'])[:40]!r}")
    return Post(
        platform=record["platform"],
        post_id=_id(record, "post_id"),
        author_id=_id(record, "author_id"),
        text=_text(record, "text") or "",
        created_at=_time(record, "created_at"),
        author_handle=_text(record, "author_handle"),
        author_name=_text(record, "author_name"),
        author_created_at=_time(record, "author_created_at"),
        url=_text(record, "url"),
        urls=_list(record, "urls"),
        hashtags=_list(record, "hashtags"),
        mentions=_list(record, "mentions"),
        reply_to=_id(record, "reply_to"),
        repost_of=_id(record, "repost_of"),
        quote_of=_id(record, "quote_of"),
        media=_media(record.get("media")),
        metrics=_metrics(record.get("metrics")),
        lang=_text(record, "lang"),
        region=_text(record, "region"),
        raw=record,
    )


def _id(record: dict[str, Any], name: str) -> Any:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldProblem(name, f"'{name}' harus teks")
    text = str(value).strip()
    if not text or len(text) > MAX_ID_CHARS:
        raise FieldProblem(name, f"'{name}' kosong atau lebih dari {MAX_ID_CHARS} karakter")
    return text


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        raise FieldProblem(name, f"'{name}' harus teks")
    return value


def _time(record: dict[str, Any], name: str) -> Any:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldProblem(name, f"'{name}' harus teks ISO 8601")
    try:
        return parse_aware(value)
    except ValueError as exc:
        if "no UTC offset" in str(exc):
            raise FieldProblem(name, f"waktu tanpa zona waktu (naive): {value[:40]}") from None
        raise FieldProblem(name, f"'{name}' bukan waktu ISO 8601 dengan zona waktu: {value[:40]!r}") from None


def _list(record: dict[str, Any], name: str) -> tuple[str, ...]:
    value = record.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldProblem(name, f"'{name}' harus daftar teks")
    return tuple(value)


def _media(value: Any) -> tuple[dict[str, Any], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(m, dict) for m in value):
        raise FieldProblem("media", "'media' harus daftar objek {url, type, sha256}")
    for m in value:
        if m.get("type") is not None and m["type"] not in MEDIA_TYPES:
            raise FieldProblem("media", f"jenis media tidak dikenal: {str(m['type'])[:20]!r}")
    return tuple(value)


def _metrics(value: Any) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value.values()
    ):
        raise FieldProblem("metrics", "'metrics' harus objek berisi bilangan bulat")
    return dict(value)


def post_to_record(post: Post) -> dict[str, Any]:
    """The canonical JSON record of a post (times ISO 8601 with offset; empty fields left out)."""
    record: dict[str, Any] = {
        "platform": post.platform,
        "post_id": post.post_id,
        "author_id": post.author_id,
        "author_handle": post.author_handle,
        "author_name": post.author_name,
        "author_created_at": post.author_created_at.isoformat() if post.author_created_at else None,
        "text": post.text,
        "created_at": post.created_at.isoformat(),
        "url": post.url,
        "urls": list(post.urls),
        "hashtags": list(post.hashtags),
        "mentions": list(post.mentions),
        "reply_to": post.reply_to,
        "repost_of": post.repost_of,
        "quote_of": post.quote_of,
        "media": list(post.media),
        "metrics": post.metrics,
        "lang": post.lang,
        "region": post.region,
    }
    return {k: v for k, v in record.items() if v not in (None, [], {})} | {"text": post.text}
