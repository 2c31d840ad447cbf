"""Reading the quarantine: rejected records with where they came from and why."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.ingest.tables import ingest_quarantine


class QuarantineView:
    def __init__(self, app: App) -> None:
        self.app = app

    def recent(self, run_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Newest first (then by line), optionally for one run."""
        query = sa.select(ingest_quarantine).order_by(ingest_quarantine.c.id.desc()).limit(limit)
        if run_id is not None:
            query = query.where(ingest_quarantine.c.run_id == run_id)
        with self.app.db.read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def count(self, source: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(ingest_quarantine)
        if source is not None:
            query = query.where(ingest_quarantine.c.source == source)
        with self.app.db.read() as conn:
            return int(conn.execute(query).scalar_one())
