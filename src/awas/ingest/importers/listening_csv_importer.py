"""CSV exports of social-listening tools (Brand24, Talkwalker, Netray, Brandwatch, ...) read through a
column-mapping file, since every tool names its columns differently.

The mapping is YAML (see samples/listening-mapping.yaml):

    delimiter: ";"                 # optional; sniffed from the header otherwise
    encoding: utf-8                # optional
    timezone: Asia/Jakarta         # zone of times written without an offset (else they are refused)
    time_format: "%d/%m/%Y %H:%M"  # optional strptime format; ISO 8601 otherwise
    platform: {column: Source, values: {twitter: x, "facebook.com": facebook}, default: other}
    columns: {post_id: ID, author_id: Author, text: Content, created_at: Date, url: URL}
    metrics: {likes: Likes, shares: Shares, comments: Comments, views: Reach}

`columns` must map author_id, text, created_at, and post_id or url (the id then is a hash of the
URL). A broken mapping is refused before any row is read, naming the mapping file and key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from awas.domain.posts import PLATFORMS, Post
from awas.errors import InputError, InputProblem
from awas.ingest.attachments import AttachmentStore
from awas.ingest.importers.base import Importer, Positioned
from awas.ingest.importers.common import entities, metrics, parse_zoned
from awas.ingest.importers.csv_common import csv_rows
from awas.ingest.records import Rejection

FIELDS = (
    "post_id",
    "author_id",
    "author_handle",
    "author_name",
    "text",
    "created_at",
    "url",
    "lang",
    "region",
)


class PlatformRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str | None = None
    column: str | None = None
    values: dict[str, str] = {}
    default: str = "other"

    def resolve(self, row: dict[str, Any]) -> str:
        if self.value:
            return self.value
        cell = (row.get(self.column or "") or "").strip().lower()
        for key, platform in self.values.items():
            if key.lower() in cell:
                return platform
        return self.default


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delimiter: str | None = None
    encoding: str = "utf-8-sig"
    timezone: str | None = None
    time_format: str | None = None
    platform: PlatformRule
    columns: dict[str, str]
    metrics: dict[str, str] = {}

    @model_validator(mode="after")
    def _complete(self) -> Mapping:
        unknown = set(self.columns) - set(FIELDS)
        if unknown:
            raise ValueError(f"kolom tujuan tidak dikenal: {', '.join(sorted(unknown))}")
        missing = [f for f in ("author_id", "text", "created_at") if f not in self.columns]
        if missing or not ({"post_id", "url"} & set(self.columns)):
            raise ValueError(f"columns wajib memetakan {', '.join(missing or ['post_id atau url'])}")
        for platform in [self.platform.value, self.platform.default, *self.platform.values.values()]:
            if platform and platform not in PLATFORMS:
                raise ValueError(f"platform tidak dikenal: {platform}")
        return self


def load_mapping(path: Path) -> Mapping:
    """The mapping file; InputError naming the file and the offending key."""
    try:
        return Mapping.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(InputProblem(str(path), f"berkas pemetaan tidak dapat dibaca: {exc}")) from None
    except ValidationError as exc:
        problems = [
            InputProblem(
                str(path), e["msg"].removeprefix("Value error, "), field=".".join(map(str, e["loc"])) or None
            )
            for e in exc.errors()
        ]
        raise InputError(problems, "berkas pemetaan tidak valid") from None


class ListeningCsvImporter(Importer):
    format = "listening-csv"
    description = "CSV alat social listening + berkas pemetaan kolom (--mapping)"

    def __init__(self, attachments: AttachmentStore | None = None, mapping: Path | str | None = None) -> None:
        super().__init__(attachments)
        if mapping is None:
            raise InputError(
                InputProblem("--mapping", "format listening-csv memerlukan berkas pemetaan kolom")
            )
        self.mapping = load_mapping(Path(mapping))

    def items(self, path: Path, start: int) -> Iterator[Positioned]:
        checked = False
        for position, (line, row) in enumerate(
            csv_rows(path, self.mapping.encoding, self.mapping.delimiter), start=1
        ):
            if not checked:
                self._check_header(path, row)
                checked = True
            if position > start:
                yield Positioned(self._row(str(path), line, row), position)

    def _check_header(self, path: Path, row: dict[str, Any]) -> None:
        wanted = [*self.mapping.columns.values(), *self.mapping.metrics.values()]
        if self.mapping.platform.column:
            wanted.append(self.mapping.platform.column)
        missing = [c for c in wanted if c not in row]
        if missing:
            raise InputError(InputProblem(str(path), f"kolom tidak ada di CSV: {', '.join(missing)}", 1))

    def _row(self, source: str, line: int, row: dict[str, Any]) -> Post | Rejection:
        if None in row:
            return Rejection(source, "baris berisi lebih banyak sel daripada judul kolom", line)
        cell = {f: (row.get(c) or "").strip() for f, c in self.mapping.columns.items()}
        for name in ("author_id", "created_at"):
            if not cell.get(name):
                return Rejection(source, f"kolom '{self.mapping.columns[name]}' kosong", line, name)
        try:
            created = self._time(cell["created_at"])
        except ValueError:
            return Rejection(
                source, f"waktu tidak valid atau tanpa zona: {cell['created_at']!r}", line, "created_at"
            )
        post_id = cell.get("post_id") or _url_id(cell.get("url", ""))
        if not post_id:
            return Rejection(source, "baris tanpa id maupun URL", line, "post_id")
        urls, hashtags, mentions = entities(cell.get("text", ""))
        return Post(
            platform=self.mapping.platform.resolve(row),
            post_id=post_id,
            author_id=cell["author_id"],
            author_handle=cell.get("author_handle") or None,
            author_name=cell.get("author_name") or None,
            text=cell.get("text", ""),
            created_at=created,
            url=cell.get("url") or None,
            urls=urls,
            hashtags=hashtags,
            mentions=mentions,
            lang=cell.get("lang") or None,
            region=cell.get("region") or None,
            metrics=metrics(**{k: row.get(c) for k, c in self.mapping.metrics.items()}),
            raw=dict(row),
        )

    def _time(self, text: str) -> datetime:
        if self.mapping.time_format:
            value = datetime.strptime(text, self.mapping.time_format)
            if value.tzinfo is None:
                if not self.mapping.timezone:
                    raise ValueError("no zone")
                value = value.replace(tzinfo=ZoneInfo(self.mapping.timezone))
            return value
        return parse_zoned(text, self.mapping.timezone)


def _url_id(url: str) -> str:
    return "url-" + hashlib.sha256(url.encode()).hexdigest()[:24] if url else ""
