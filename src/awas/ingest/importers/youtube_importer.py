"""YouTube Data API v3 responses: `videos.list`, `search.list` and `commentThreads.list` pages, as a
.json file (one response or an array of them) or .jsonl (one response per line).

Videos become posts whose text is title + description; comments become posts that reply to the
video (`reply_to` = video id). Counts arrive as strings and are read as integers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from awas.domain.posts import Post
from awas.ingest.importers.api_json import ApiJsonImporter
from awas.ingest.importers.common import entities, metrics, parse_zoned
from awas.ingest.records import Rejection


class YoutubeImporter(ApiJsonImporter):
    format = "youtube"
    description = "YouTube Data API v3 JSON (videos, search, commentThreads)"

    def page(self, source: str, line: int, doc: Any) -> Iterator[Post | Rejection]:
        if isinstance(doc, dict) and isinstance(doc.get("items"), list):
            for entry in doc["items"]:
                yield self._entry(source, line, entry)
        else:
            yield Rejection(source, "bukan respons YouTube Data API v3 (tidak ada 'items')", line)

    def _entry(self, source: str, line: int, entry: Any) -> Post | Rejection:
        kind = entry.get("kind") if isinstance(entry, dict) else None
        try:
            if kind == "youtube#commentThread":
                return _comment(entry)
            if kind in ("youtube#video", "youtube#searchResult"):
                return _video(entry)
        except (KeyError, TypeError, ValueError) as exc:
            return Rejection(source, f"{kind}: kolom hilang atau tidak valid ({exc})", line)
        return Rejection(source, f"jenis item tidak didukung: {kind!r}", line, "kind")


def _video(entry: dict[str, Any]) -> Post:
    snippet = entry["snippet"]
    video_id = entry["id"]["videoId"] if isinstance(entry["id"], dict) else entry["id"]
    text = f"{snippet.get('title', '')}\n{snippet.get('description', '')}".strip()
    stats = entry.get("statistics") or {}
    urls, hashtags, _ = entities(text)
    return Post(
        platform="youtube",
        post_id=str(video_id),
        author_id=snippet["channelId"],
        author_handle=snippet.get("channelTitle"),
        author_name=snippet.get("channelTitle"),
        text=text,
        created_at=parse_zoned(snippet["publishedAt"]),
        url=f"https://www.youtube.com/watch?v={video_id}",
        urls=urls,
        hashtags=tuple(dict.fromkeys((*hashtags, *(t.replace(" ", "") for t in snippet.get("tags", []))))),
        media=({"url": f"https://www.youtube.com/watch?v={video_id}", "type": "video"},),
        metrics=metrics(
            likes=stats.get("likeCount"), comments=stats.get("commentCount"), views=stats.get("viewCount")
        ),
        lang=snippet.get("defaultAudioLanguage") or snippet.get("defaultLanguage"),
        raw=entry,
    )


def _comment(entry: dict[str, Any]) -> Post:
    top = entry["snippet"]["topLevelComment"]
    snippet = top["snippet"]
    text = snippet.get("textOriginal") or snippet.get("textDisplay") or ""
    urls, hashtags, mentions = entities(text)
    video_id = snippet.get("videoId") or entry["snippet"].get("videoId")
    return Post(
        platform="youtube",
        post_id=str(top["id"]),
        author_id=(snippet.get("authorChannelId") or {}).get("value") or snippet["authorDisplayName"],
        author_handle=snippet.get("authorDisplayName"),
        author_name=snippet.get("authorDisplayName"),
        text=text,
        created_at=parse_zoned(snippet["publishedAt"]),
        url=f"https://www.youtube.com/watch?v={video_id}&lc={top['id']}",
        urls=urls,
        hashtags=hashtags,
        mentions=mentions,
        reply_to=str(video_id) if video_id else None,
        metrics=metrics(likes=snippet.get("likeCount"), comments=entry["snippet"].get("totalReplyCount")),
        raw=entry,
    )
