"""The fact-check store: import CSV / JSON exports, idempotently, and read the items back.

Accepted fields (first name found wins): url (`url`, `link`), title (`title`, `judul`), claim
(`claim`, `klaim`, `narasi`, `content`; defaults to the title), verdict (`verdict`, `label`,
`kategori`; defaults to "hoaks"), published date (`published_at`, `date`, `tanggal`; ISO 8601 with
offset, or a date), source (`source`, `sumber`; defaults to the file name). The whole file is checked
before anything is stored; a bad record names its file, record number and field. Re-importing the
same items changes nothing; an item whose title/claim/verdict changed is updated in place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from awas.detect.hoax import FactCheck
from awas.detect.tables import factchecks
from awas.errors import InputError, InputProblem
from awas.store.db import Database

FIELDS = {
    "url": ("url", "link"),
    "title": ("title", "judul"),
    "claim": ("claim", "klaim", "narasi", "content"),
    "verdict": ("verdict", "label", "kategori"),
    "published_at": ("published_at", "date", "tanggal"),
    "source": ("source", "sumber"),
}
MAX_FILE_BYTES = 50 * 1024 * 1024


def read_factchecks(path: Path) -> list[FactCheck]:
    """Parse a CSV or JSON export; raises InputError listing every bad record (nothing is stored)."""
    records = _records(path)
    problems: list[InputProblem] = []
    items: list[FactCheck] = []
    for number, record in enumerate(records, start=1):
        item = _item(record, path, number, problems)
        if item is not None:
            items.append(item)
    if problems:
        raise InputError(problems, f"{len(problems)} masalah dalam {path.name}")
    if not items:
        raise InputError(InputProblem(str(path), "tidak ada item cek fakta"))
    return items


def _records(path: Path) -> list[dict[str, Any]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(InputProblem(str(path), "berkas terlalu besar (maks. 50 MB)"))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(InputProblem(str(path), f"tidak dapat dibaca sebagai UTF-8: {exc}")) from exc
    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(InputProblem(str(path), f"JSON tidak sah: {exc.msg}", line=exc.lineno)) from exc
        loaded = loaded.get("items", loaded) if isinstance(loaded, dict) else loaded
        if not isinstance(loaded, list):
            raise InputError(InputProblem(str(path), "JSON harus berupa daftar item atau {'items': [...]}"))
        return [r if isinstance(r, dict) else {"_invalid": r} for r in loaded]
    try:
        return list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(InputProblem(str(path), f"CSV tidak sah: {exc}")) from exc


def _field(record: dict[str, Any], name: str) -> str:
    for key in FIELDS[name]:
        value = record.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _item(record: dict[str, Any], path: Path, number: int, problems: list[InputProblem]) -> FactCheck | None:
    where = str(path)
    url, title = _field(record, "url"), _field(record, "title")
    for name, value in (("url", url), ("title", title)):
        if not value:
            problems.append(InputProblem(where, "wajib diisi", line=number, field=name))
    published = _date(_field(record, "published_at"), where, number, problems)
    if not url or not title:
        return None
    return FactCheck(
        source=(_field(record, "source") or path.stem)[:64],
        url=url,
        title=title[:2000],
        claim=(_field(record, "claim") or title)[:20000],
        verdict=(_field(record, "verdict") or "hoaks")[:32],
        published_at=published,
    )


def _date(raw: str, where: str, number: int, problems: list[InputProblem]) -> datetime | None:
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        problems.append(
            InputProblem(where, f"tanggal tidak sah: {raw[:40]!r}", line=number, field="published_at")
        )
        return None
    if value.tzinfo is None:
        if len(raw) > 10:
            problems.append(InputProblem(where, "waktu tanpa zona waktu", line=number, field="published_at"))
            return None
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def store_factchecks(db: Database, items: list[FactCheck]) -> tuple[int, int]:
    """Insert new items and update changed ones in one transaction; returns (added, updated)."""
    now = datetime.now(UTC)
    added = updated = 0
    with db.transaction() as conn:
        for item in items:
            key = {"source": item.source, "url_sha256": _url_key(item.url)}
            values = {
                "url": item.url,
                "title": item.title,
                "claim": item.claim,
                "verdict": item.verdict,
                "published_at": item.published_at,
            }
            existing = conn.execute(
                sa.select(factchecks).where(*(factchecks.c[k] == v for k, v in key.items()))
            ).first()
            if existing is None:
                conn.execute(factchecks.insert().values(**key, **values, imported_at=now))
                added += 1
            elif any(getattr(existing, k) != v for k, v in values.items()):
                conn.execute(factchecks.update().where(factchecks.c.id == existing.id).values(**values))
                updated += 1
    return added, updated


def load_factchecks(db: Database) -> list[FactCheck]:
    with db.read() as conn:
        rows = conn.execute(sa.select(factchecks).order_by(factchecks.c.id)).all()
    return [FactCheck(r.source, r.url, r.title, r.claim, r.verdict, r.published_at) for r in rows]
