"""Facebook and Instagram CSV in the CrowdTangle layout ("Page Name", "Post Created", "Message",
"URL"...) and the Meta Content Library layout ("id", "creation_time", "text", "post_owner.id"...).

The layout is recognised from the header. CrowdTangle writes local times with a zone abbreviation
("2024-11-25 21:03:00 WIB"); MCL writes ISO times or Unix seconds. Instagram is recognised from the
URLs (or forced with `platform`). CrowdTangle has no post id column: the id is taken from the post
URL (its last numeric part, or the Instagram shortcode), else the URL itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awas.domain.posts import Post
from awas.errors import InputError, InputProblem
from awas.ingest.attachments import AttachmentStore
from awas.ingest.importers.base import Importer, Positioned
from awas.ingest.importers.common import entities, from_unix, metrics, parse_zoned
from awas.ingest.importers.csv_common import csv_rows
from awas.ingest.records import Rejection

CT_REQUIRED = ("Post Created", "URL")
MCL_REQUIRED = ("id", "creation_time", "post_owner.id")
IG_CODE = re.compile(r"instagram\.com/(?:p|reel|tv)/([A-Za-z0-9_-]+)")
FB_ID = re.compile(r"/(\d{5,})/?(?:\?|$)")


class MetaCsvImporter(Importer):
    format = "crowdtangle"
    description = "CSV Facebook/Instagram (CrowdTangle atau Meta Content Library)"

    def __init__(
        self,
        attachments: AttachmentStore | None = None,
        platform: str | None = None,
        encoding: str = "utf-8-sig",
    ) -> None:
        super().__init__(attachments)
        self.platform = platform
        self.encoding = encoding

    def items(self, path: Path, start: int) -> Iterator[Positioned]:
        layout: str | None = None
        for position, (line, row) in enumerate(csv_rows(path, self.encoding), start=1):
            layout = layout or _layout(path, row)
            if position > start:
                yield Positioned(self._row(str(path), line, row, layout), position)

    def _row(self, source: str, line: int, row: dict[str, Any], layout: str) -> Post | Rejection:
        if None in row:
            return Rejection(source, "baris berisi lebih banyak sel daripada judul kolom", line)
        try:
            return _crowdtangle(row, self.platform) if layout == "crowdtangle" else _mcl(row, self.platform)
        except (KeyError, ValueError) as exc:
            field = exc.args[0] if isinstance(exc, KeyError) else None
            return Rejection(source, f"kolom hilang atau tidak valid: {exc}", line, field)


def _layout(path: Path, row: dict[str, Any]) -> str:
    if all(c in row for c in CT_REQUIRED):
        return "crowdtangle"
    if all(c in row for c in MCL_REQUIRED):
        return "mcl"
    raise InputError(
        InputProblem(str(path), "judul kolom bukan tata letak CrowdTangle maupun Meta Content Library", 1)
    )


def _platform(url: str, forced: str | None) -> str:
    return forced or ("instagram" if "instagram.com" in url else "facebook")


def _post_id(url: str) -> str:
    code = IG_CODE.search(url)
    if code:
        return code.group(1)
    number = FB_ID.search(url)
    return number.group(1) if number else url


def _crowdtangle(row: dict[str, Any], forced: str | None) -> Post:
    url = row["URL"].strip()
    if not url:
        raise ValueError("URL kosong")
    text = "\n".join(t for t in (row.get("Message"), row.get("Description"), row.get("Image Text")) if t)
    urls, hashtags, mentions = entities(text)
    link = row.get("Final Link") or row.get("Link")
    author = row.get("Facebook Id") or row.get("User Name") or row.get("Page Name") or row.get("Account")
    if not author:
        raise KeyError("Facebook Id")
    return Post(
        platform=_platform(url, forced),
        post_id=_post_id(url),
        author_id=author,
        author_handle=row.get("User Name") or None,
        author_name=row.get("Page Name") or row.get("Account") or None,
        text=text,
        created_at=parse_zoned(row["Post Created"]),
        url=url,
        urls=tuple(dict.fromkeys((*([link] if link else []), *urls))),
        hashtags=hashtags,
        mentions=mentions,
        metrics=metrics(
            likes=row.get("Likes"),
            comments=row.get("Comments"),
            shares=row.get("Shares"),
            views=row.get("Post Views") or row.get("Views"),
        ),
        raw=dict(row),
    )


def _mcl(row: dict[str, Any], forced: str | None) -> Post:
    created = row["creation_time"].strip()
    when = from_unix(created) if created.isdigit() else parse_zoned(created)
    url = row.get("url") or row.get("link") or ""
    text = row.get("text") or ""
    urls, hashtags, mentions = entities(text)
    return Post(
        platform=_platform(url, forced),
        post_id=row["id"].strip(),
        author_id=row["post_owner.id"].strip(),
        author_handle=row.get("post_owner.username") or None,
        author_name=row.get("post_owner.name") or None,
        text=text,
        created_at=when,
        url=url or None,
        urls=urls,
        hashtags=hashtags,
        mentions=mentions,
        metrics=metrics(
            likes=row.get("statistics.reaction_count") or row.get("statistics.like_count"),
            comments=row.get("statistics.comment_count"),
            shares=row.get("statistics.share_count"),
            views=row.get("statistics.views"),
        ),
        lang=row.get("lang") or None,
        raw=dict(row),
    )
