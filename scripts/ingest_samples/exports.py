"""Writers of the platform-native sample exports, derived from the canonical demo posts."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HASHTAG = re.compile(r"#(\w+)")
URL = re.compile(r"https?://\S+")
CT_COLUMNS = [
    "Page Name",
    "User Name",
    "Facebook Id",
    "Page Category",
    "Page Admin Top Country",
    "Page Description",
    "Page Created",
    "Likes at Posting",
    "Followers at Posting",
    "Post Created",
    "Post Created Date",
    "Post Created Time",
    "Type",
    "Total Interactions",
    "Likes",
    "Comments",
    "Shares",
    "Love",
    "Wow",
    "Haha",
    "Sad",
    "Angry",
    "Care",
    "Video Share Status",
    "Is Video Owner?",
    "Post Views",
    "Total Views",
    "Total Views For All Crossposts",
    "Video Length",
    "URL",
    "Message",
    "Link",
    "Final Link",
    "Image Text",
    "Link Text",
    "Description",
    "Sponsor Id",
    "Sponsor Name",
    "Sponsor Category",
    "Overperforming Score (weighted  —  Likes 1x Shares 1x Comments 1x Love 1x Wow 1x Haha 1x "
    "Sad 1x Angry 1x Care 1x )",
]
MCL_COLUMNS = [
    "id",
    "creation_time",
    "text",
    "post_owner.id",
    "post_owner.name",
    "post_owner.username",
    "post_owner.type",
    "statistics.like_count",
    "statistics.comment_count",
    "statistics.views",
    "url",
]
LISTENING_COLUMNS = [
    "ID",
    "Date",
    "Author",
    "Author name",
    "Source",
    "Content",
    "URL",
    "Likes",
    "Shares",
    "Reach",
]


def _utc(post: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(post["created_at"]).astimezone(UTC)


def _local(post: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(post["created_at"])


def _count(post: dict[str, Any], salt: int, top: int) -> int:
    return (int.from_bytes(post["post_id"].encode()[-6:], "big") * (salt + 7)) % top


def write_x(posts: list[dict[str, Any]], path: Path) -> None:
    """X API v2 recent-search pages, one JSON response per line (as twarc2 writes them)."""
    with path.open("w", encoding="utf-8") as fh:
        for start in range(0, len(posts), 100):
            page = posts[start : start + 100]
            users = {
                p["author_id"]: {
                    "id": p["author_id"],
                    "username": p["author_handle"],
                    "name": p["author_name"],
                    "created_at": "2019-03-14T02:11:09.000Z",
                }
                for p in page
            }
            data = [_tweet(p) for p in page]
            meta = {
                "result_count": len(data),
                "newest_id": max(d["id"] for d in data),
                "oldest_id": min(d["id"] for d in data),
            }
            fh.write(
                json.dumps(
                    {"data": data, "includes": {"users": list(users.values())}, "meta": meta},
                    ensure_ascii=False,
                )
                + "\n"
            )


def _tweet(p: dict[str, Any]) -> dict[str, Any]:
    text = p["text"]
    entities: dict[str, Any] = {}
    tags = [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in HASHTAG.finditer(text)]
    urls = [
        {"start": m.start(), "end": m.end(), "url": m.group(0), "expanded_url": m.group(0)}
        for m in URL.finditer(text)
    ]
    if tags:
        entities["hashtags"] = tags
    if urls:
        entities["urls"] = urls
    return {
        "id": p["post_id"],
        "text": text,
        "author_id": p["author_id"],
        "conversation_id": p["post_id"],
        "created_at": _utc(p).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "lang": "in",
        "entities": entities,
        "public_metrics": {
            "retweet_count": _count(p, 1, 300),
            "reply_count": _count(p, 2, 80),
            "like_count": _count(p, 3, 900),
            "quote_count": _count(p, 4, 20),
            "impression_count": _count(p, 5, 40000),
        },
    }


def write_youtube(posts: list[dict[str, Any]], videos_path: Path, comments_path: Path) -> None:
    videos = [p for p in posts if p["author_id"].startswith("reg-")]
    comments = [p for p in posts if not p["author_id"].startswith("reg-")]
    video_ids = [v["post_id"] for v in videos] or ["dmVdemo00001"]
    items = [
        {
            "kind": "youtube#video",
            "etag": "demo",
            "id": v["post_id"],
            "snippet": {
                "publishedAt": _utc(v).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "channelId": v["author_id"],
                "title": v["text"],
                "description": "",
                "channelTitle": v["author_name"],
                "tags": ["pilkada jambi"],
                "defaultAudioLanguage": "id",
            },
            "statistics": {
                "viewCount": str(_count(v, 1, 90000)),
                "likeCount": str(_count(v, 2, 4000)),
                "commentCount": str(_count(v, 3, 300)),
            },
        }
        for v in videos
    ]
    for v in videos:
        v["author_handle"] = v["author_name"]
    videos_path.write_text(
        json.dumps(
            {"kind": "youtube#videoListResponse", "etag": "demo", "items": items},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    threads = []
    for i, c in enumerate(comments):
        video = video_ids[i % len(video_ids)]
        c.update(reply_to=video, url=f"https://www.youtube.com/watch?v={video}&lc={c['post_id']}")
        threads.append(
            {
                "kind": "youtube#commentThread",
                "etag": "demo",
                "id": c["post_id"],
                "snippet": {
                    "videoId": video,
                    "totalReplyCount": 0,
                    "canReply": True,
                    "isPublic": True,
                    "topLevelComment": {
                        "kind": "youtube#comment",
                        "id": c["post_id"],
                        "snippet": {
                            "videoId": video,
                            "textDisplay": c["text"],
                            "textOriginal": c["text"],
                            "authorDisplayName": c["author_handle"],
                            "authorChannelId": {"value": c["author_id"]},
                            "likeCount": _count(c, 1, 50),
                            "publishedAt": _utc(c).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        },
                    },
                },
            }
        )
        c["author_handle"] = c["author_name"] = c["author_handle"]
    comments_path.write_text(
        json.dumps(
            {"kind": "youtube#commentThreadListResponse", "items": threads}, ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )


def write_tiktok(posts: list[dict[str, Any]], path: Path) -> None:
    videos = [
        {
            "id": int(p["post_id"]),
            "username": p["author_handle"],
            "create_time": int(_utc(p).timestamp()),
            "video_description": p["text"],
            "region_code": "ID",
            "like_count": _count(p, 1, 20000),
            "comment_count": _count(p, 2, 900),
            "share_count": _count(p, 3, 1500),
            "view_count": _count(p, 4, 300000),
            "hashtag_names": HASHTAG.findall(p["text"]),
        }
        for p in posts
    ]
    for p in posts:
        p["author_id"] = p["author_handle"]
    body = {
        "data": {"videos": videos, "cursor": len(videos), "has_more": False, "search_id": "demo-7430"},
        "error": {"code": "ok", "message": "", "log_id": "demo"},
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")


def write_crowdtangle(posts: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, CT_COLUMNS)
        writer.writeheader()
        for p in posts:
            local = _local(p)
            writer.writerow(
                {
                    "Page Name": p["author_name"],
                    "User Name": p["author_handle"],
                    "Facebook Id": p["author_id"],
                    "Page Category": "PERSON",
                    "Page Admin Top Country": "ID",
                    "Post Created": local.strftime("%Y-%m-%d %H:%M:%S WIB"),
                    "Post Created Date": local.strftime("%Y-%m-%d"),
                    "Post Created Time": local.strftime("%H:%M:%S"),
                    "Type": "Status",
                    "Likes": _count(p, 1, 700),
                    "Comments": _count(p, 2, 120),
                    "Shares": _count(p, 3, 200),
                    "URL": p["url"],
                    "Message": p["text"],
                }
            )


def write_mcl(posts: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, MCL_COLUMNS)
        writer.writeheader()
        for p in posts:
            writer.writerow(
                {
                    "id": p["post_id"],
                    "creation_time": _utc(p).strftime("%Y-%m-%dT%H:%M:%S+0000"),
                    "text": p["text"],
                    "post_owner.id": p["author_id"],
                    "post_owner.name": p["author_name"],
                    "post_owner.username": p["author_handle"],
                    "post_owner.type": "user",
                    "statistics.like_count": _count(p, 1, 3000),
                    "statistics.comment_count": _count(p, 2, 200),
                    "statistics.views": "",
                    "url": p["url"],
                }
            )


def write_listening(posts: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, LISTENING_COLUMNS, delimiter=";")
        writer.writeheader()
        for p in posts:
            writer.writerow(
                {
                    "ID": p["post_id"],
                    "Date": _local(p).strftime("%d.%m.%Y %H:%M"),
                    "Author": p["author_id"],
                    "Author name": p["author_name"],
                    "Source": "forum.demo.invalid (forum)",
                    "Content": p["text"],
                    "URL": p["url"],
                    "Likes": _count(p, 1, 60),
                    "Shares": _count(p, 2, 10),
                    "Reach": _count(p, 3, 5000),
                }
            )
