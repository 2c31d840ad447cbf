"""Configured sources (`awas sources add|list|remove`) and their cursors.

The seed list of Jambi and national news feeds is editable data (`data/news_feeds.yaml`); every
entry whose URL has not been checked against the live site is marked `unverified`, and stays so
in `awas sources list` until someone checks it.
"""

from __future__ import annotations

from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
import yaml

from awas.app import App
from awas.core.registry import SetupError
from awas.domain.audit import AuditEvent
from awas.errors import InputError, InputProblem, NotFoundError
from awas.ingest.feeders.base import Cursor
from awas.ingest.plugins import FEEDERS
from awas.ingest.records import Source
from awas.ingest.tables import ingest_cursors, ingest_sources
from awas.store.db import Database
from awas.timeutil import utcnow

STATUSES = ("verified", "sourced", "unverified")


class SourceService:
    def __init__(self, app: App) -> None:
        self.app = app

    def add(self, source: Source, *, actor: str) -> Source:
        """Store a new source; InputError for an unknown kind, a bad URL or a name already used."""
        self._validate(source)
        with self.app.db.transaction() as conn:
            exists = conn.execute(
                sa.select(ingest_sources.c.name).where(ingest_sources.c.name == source.name)
            ).first()
            if exists:
                raise InputError(InputProblem("sources", f"sumber '{source.name}' sudah ada", field="name"))
            conn.execute(ingest_sources.insert().values(**_row(source), created_at=utcnow()))
        self.app.audit(
            AuditEvent(
                action="ingest.source_added",
                actor=actor,
                object_type="source",
                object_id=source.name,
                details={"kind": source.kind, "url": source.url},
            )
        )
        return source

    def all(self) -> list[Source]:
        with self.app.db.read() as conn:
            rows = conn.execute(sa.select(ingest_sources).order_by(ingest_sources.c.name)).mappings().all()
        return [
            Source(r["name"], r["kind"], r["url"], r["config"], r["enabled"], r["status"], r["note"])
            for r in rows
        ]

    def get(self, name: str) -> Source:
        found = [s for s in self.all() if s.name == name]
        if not found:
            raise NotFoundError(f"sumber tidak dikenal: {name}")
        return found[0]

    def remove(self, name: str, *, actor: str) -> None:
        self.get(name)
        with self.app.db.transaction() as conn:
            conn.execute(ingest_cursors.delete().where(ingest_cursors.c.source == name))
            conn.execute(ingest_sources.delete().where(ingest_sources.c.name == name))
        self.app.audit(
            AuditEvent(action="ingest.source_removed", actor=actor, object_type="source", object_id=name)
        )

    def seed(self, *, actor: str, entries: list[dict[str, Any]] | None = None) -> list[Source]:
        """Add the bundled news feeds that are not configured yet; return those added."""
        known = {s.name for s in self.all()}
        added = []
        for entry in entries if entries is not None else seed_entries():
            source = Source(
                entry["name"],
                entry.get("kind", "rss"),
                entry["url"],
                entry.get("config", {}),
                bool(entry.get("enabled", True)),
                entry.get("status", "unverified"),
                entry.get("note", ""),
            )
            if source.name not in known:
                added.append(self.add(source, actor=actor))
        return added

    @staticmethod
    def _validate(source: Source) -> None:
        try:
            FEEDERS.get(source.kind)
        except SetupError as exc:
            raise InputError(InputProblem("sources", str(exc), field="kind")) from None
        parts = urlsplit(source.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(InputProblem("sources", f"URL tidak valid: {source.url!r}", field="url"))
        if not source.name or len(source.name) > 64:
            raise InputError(
                InputProblem("sources", "nama sumber kosong atau lebih dari 64 karakter", field="name")
            )
        if source.status not in STATUSES:
            raise InputError(
                InputProblem("sources", f"status harus salah satu dari {', '.join(STATUSES)}", field="status")
            )


def seed_entries() -> list[dict[str, Any]]:
    text = resources.files("awas.ingest").joinpath("data/news_feeds.yaml").read_text("utf-8")
    return list(yaml.safe_load(text)["feeds"])


def _row(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "config": source.config,
        "enabled": source.enabled,
        "status": source.status,
        "note": source.note,
    }


def load_cursor(db: Database, name: str) -> Cursor:
    with db.read() as conn:
        row = conn.execute(sa.select(ingest_cursors).where(ingest_cursors.c.source == name)).first()
    if row is None:
        return Cursor()
    return Cursor(row.etag, row.last_modified, row.position, row.last_fetch_at)


def save_cursor(db: Database, name: str, cursor: Cursor, status: str, failed: bool) -> None:
    """Store the cursor (unchanged on failure) with the fetch status and consecutive failure count."""
    now = utcnow()
    with db.transaction() as conn:
        row = conn.execute(
            sa.select(ingest_cursors.c.failures).where(ingest_cursors.c.source == name)
        ).first()
        failures = ((row.failures if row else 0) + 1) if failed else 0
        values = {
            "etag": cursor.etag,
            "last_modified": cursor.last_modified,
            "position": cursor.position,
            "last_fetch_at": now,
            "last_status": status[:32],
            "failures": failures,
        }
        if row is None:
            conn.execute(ingest_cursors.insert().values(source=name, **values))
        else:
            conn.execute(ingest_cursors.update().where(ingest_cursors.c.source == name).values(**values))
