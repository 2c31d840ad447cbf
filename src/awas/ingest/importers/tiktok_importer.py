"""TikTok Research API responses of `/v2/research/video/query/` (`{"data": {"videos": [...]}}`), as a
.json file (one response or an array of pages) or .jsonl (one response or one video per line).

The Research API names authors by `username` only, so it is both author id and handle;
`create_time` is a Unix time; the text is `video_description` (plus `voice_to_text` when present).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from awas.domain.posts import Post
from awas.ingest.importers.api_json import ApiJsonImporter
from awas.ingest.importers.common import entities, from_unix, metrics
from awas.ingest.records import Rejection


class TiktokImporter(ApiJsonImporter):
    format = "tiktok"
    description = "TikTok Research API JSON (video/query)"

    def page(self, source: str, line: int, doc: Any) -> Iterator[Post | Rejection]:
        if isinstance(doc, dict) and isinstance(doc.get("data"), dict):
            error = doc.get("error") or {}
            if error.get("code") not in (None, "ok"):
                yield Rejection(
                    source, f"respons galat TikTok: {error.get('code')}: {error.get('message', '')}", line
                )
            for video in doc["data"].get("videos", []):
                yield _video(source, line, video)
        elif isinstance(doc, dict) and "video_description" in doc:
            yield _video(source, line, doc)
        else:
            yield Rejection(source, "bukan respons TikTok Research API (tidak ada 'data.videos')", line)


def _video(source: str, line: int, video: Any) -> Post | Rejection:
    if not isinstance(video, dict):
        return Rejection(source, "video harus objek JSON", line)
    for name in ("id", "username", "create_time"):
        if video.get(name) in (None, ""):
            return Rejection(source, f"video tanpa '{name}'", line, name)
    try:
        created = from_unix(video["create_time"])
    except (TypeError, ValueError, OverflowError):
        return Rejection(
            source, f"create_time bukan waktu Unix: {video['create_time']!r}", line, "create_time"
        )
    text = str(video.get("video_description") or "")
    urls, hashtags, mentions = entities(text)
    url = f"https://www.tiktok.com/@{video['username']}/video/{video['id']}"
    return Post(
        platform="tiktok",
        post_id=str(video["id"]),
        author_id=str(video["username"]),
        author_handle=str(video["username"]),
        text=text,
        created_at=created,
        url=url,
        urls=urls,
        hashtags=tuple(dict.fromkeys((*(video.get("hashtag_names") or []), *hashtags))),
        mentions=mentions,
        media=({"url": url, "type": "video"},),
        metrics=metrics(
            likes=video.get("like_count"),
            shares=video.get("share_count"),
            comments=video.get("comment_count"),
            views=video.get("view_count"),
        ),
        raw=video,
    )
