"""Import runs: one row per (file identity, format), holding the resume checkpoint and counts.

A run killed mid-import stays `running`; importing the same file again continues it from the
position its last committed batch recorded, with its counts, so the summary covers the whole file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.ingest.chunkstore import ChunkResult
from awas.ingest.tables import ingest_runs
from awas.store.db import Database
from awas.timeutil import utcnow

HEAD_BYTES = 1024 * 1024


def file_key(path: Path) -> str:
    """Identity of a file's content for resuming: size, and a hash of its first megabyte."""
    digest = hashlib.sha256(str(path.stat().st_size).encode())
    with path.open("rb") as fh:
        digest.update(fh.read(HEAD_BYTES))
    return digest.hexdigest()


@dataclass
class Run:
    id: int
    position: int
    offset: int
    accepted: int
    existing: int
    rejected: int
    resumed: bool


def open_run(db: Database, kind: str, source: str, fmt: str, key: str | None) -> Run:
    """Resume the unfinished run of this file and format, or start a new one."""
    with db.transaction() as conn:
        row = None
        if key is not None:
            row = conn.execute(
                sa.select(ingest_runs)
                .where(
                    ingest_runs.c.file_key == key,
                    ingest_runs.c.format == fmt,
                    ingest_runs.c.status == "running",
                )
                .order_by(ingest_runs.c.id.desc())
                .limit(1)
            ).first()
        if row is not None:
            return Run(row.id, row.line, row.byte_offset, row.accepted, row.existing, row.rejected, True)
        values = {
            "kind": kind,
            "source": source,
            "format": fmt,
            "file_key": key,
            "started_at": utcnow(),
            "status": "running",
        }
        run_id = conn.execute(ingest_runs.insert().values(**values).returning(ingest_runs.c.id)).scalar_one()
        return Run(int(run_id), 0, 0, 0, 0, 0, False)


def checkpoint(conn: Connection, run: Run) -> None:
    """Record progress inside the batch's own transaction."""
    conn.execute(
        ingest_runs.update()
        .where(ingest_runs.c.id == run.id)
        .values(
            line=run.position,
            byte_offset=run.offset,
            accepted=run.accepted,
            existing=run.existing,
            rejected=run.rejected,
        )
    )


def advance(db: Database, run: Run, result: ChunkResult) -> None:
    """Count a committed chunk and move the checkpoint past it (chunks arrive in file order)."""
    run.accepted += result.accepted
    run.existing += result.existing
    run.rejected += result.rejected
    run.position, run.offset = result.position, result.offset
    with db.transaction() as conn:
        checkpoint(conn, run)


def close_run(db: Database, run: Run, status: str, when: datetime | None = None) -> None:
    with db.transaction() as conn:
        checkpoint(conn, run)
        conn.execute(
            ingest_runs.update()
            .where(ingest_runs.c.id == run.id)
            .values(status=status, finished_at=when or utcnow())
        )
