"""X (Twitter) API v2 exports: response pages (`{"data": [...], "includes": {...}}`) as a .json file
or one page per line (.jsonl, as twarc2 writes), and flattened tweets (one tweet per line with its
`author` inlined, as `twarc2 flatten` writes).

Authors come from `includes.users` (or the inlined `author`); media from `includes.media`;
`referenced_tweets` become `reply_to` / `repost_of` / `quote_of`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from awas.domain.posts import Post
from awas.ingest.importers.api_json import ApiJsonImporter
from awas.ingest.importers.common import metrics, parse_zoned
from awas.ingest.records import Rejection

MEDIA_TYPES = {"photo": "image", "video": "video", "animated_gif": "video"}
REFERENCES = {"replied_to": "reply_to", "retweeted": "repost_of", "quoted": "quote_of"}


class XImporter(ApiJsonImporter):
    format = "x"
    description = "X API v2 JSON/JSONL (halaman respons atau tweet datar twarc2)"

    def page(self, source: str, line: int, doc: Any) -> Iterator[Post | Rejection]:
        if isinstance(doc, dict) and "data" in doc:
            yield from self._page(source, line, doc)
        elif isinstance(doc, dict) and "id" in doc and "text" in doc:
            author = doc.get("author") or {}
            yield self._tweet(source, line, doc, {author.get("id"): author} if author else {}, {})
        else:
            yield Rejection(source, "bukan respons X API v2 (tidak ada 'data') atau tweet", line)

    def _page(self, source: str, line: int, page: dict[str, Any]) -> Iterator[Post | Rejection]:
        includes = page.get("includes") or {}
        users = {u.get("id"): u for u in includes.get("users", []) if isinstance(u, dict)}
        media = {m.get("media_key"): m for m in includes.get("media", []) if isinstance(m, dict)}
        tweets = page["data"] if isinstance(page["data"], list) else [page["data"]]
        for tweet in tweets:
            yield self._tweet(source, line, tweet, users, media)

    def _tweet(
        self, source: str, line: int, tweet: Any, users: dict[Any, Any], media: dict[Any, Any]
    ) -> Post | Rejection:
        if not isinstance(tweet, dict):
            return Rejection(source, "tweet harus objek JSON", line)
        for name in ("id", "text", "author_id", "created_at"):
            if not tweet.get(name):
                return Rejection(source, f"tweet tanpa '{name}'", line, name)
        try:
            created = parse_zoned(str(tweet["created_at"]))
        except ValueError:
            return Rejection(
                source, f"waktu tidak valid atau tanpa zona: {tweet['created_at']!r}", line, "created_at"
            )
        return _post(tweet, users.get(tweet["author_id"]) or {}, media, created)


def _post(tweet: dict[str, Any], user: dict[str, Any], media: dict[Any, Any], created: Any) -> Post:
    ent = tweet.get("entities") or {}
    pm = tweet.get("public_metrics") or {}
    refs = {
        REFERENCES[r["type"]]: str(r["id"])
        for r in tweet.get("referenced_tweets", [])
        if r.get("type") in REFERENCES
    }
    handle = user.get("username")
    keys = (tweet.get("attachments") or {}).get("media_keys", [])
    return Post(
        platform="x",
        post_id=str(tweet["id"]),
        author_id=str(tweet["author_id"]),
        author_handle=handle,
        author_name=user.get("name"),
        author_created_at=parse_zoned(user["created_at"]) if user.get("created_at") else None,
        text=str(tweet["text"]),
        created_at=created,
        url=f"https://x.com/{handle or 'i'}/status/{tweet['id']}",
        urls=tuple(u.get("expanded_url") or u["url"] for u in ent.get("urls", []) if u.get("url")),
        hashtags=tuple(h["tag"] for h in ent.get("hashtags", []) if h.get("tag")),
        mentions=tuple(m["username"] for m in ent.get("mentions", []) if m.get("username")),
        reply_to=refs.get("reply_to"),
        repost_of=refs.get("repost_of"),
        quote_of=refs.get("quote_of"),
        media=_media(media, keys),
        metrics=_metrics(pm),
        lang=_lang(tweet.get("lang")),
        raw={"tweet": tweet, "author": user} if user else {"tweet": tweet},
    )


def _metrics(pm: dict[str, Any]) -> dict[str, int]:
    return metrics(
        likes=pm.get("like_count"),
        shares=pm.get("retweet_count"),
        comments=pm.get("reply_count"),
        views=pm.get("impression_count"),
    )


def _media(media: dict[Any, Any], keys: list[Any]) -> tuple[dict[str, Any], ...]:
    found = (media.get(k) for k in keys)
    return tuple(
        {"url": m.get("url") or m.get("preview_image_url"), "type": MEDIA_TYPES.get(m.get("type"), "image")}
        for m in found
        if m
    )


def _lang(code: Any) -> str | None:
    """X writes 'in' for Indonesian (the old ISO 639 code) and 'und'/'qme'/'zxx' for unknown."""
    if not isinstance(code, str) or code in ("und", "qme", "zxx", "qht", "qam"):
        return None
    return "id" if code == "in" else code
