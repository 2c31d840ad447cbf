"""Database side of a capture: one transaction records the capture, its artefacts, their
`captured` ledger entries, the optional link to a subject and the liveness watch; a failed capture
is one row with its reason and no artefacts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.evidence import ledger
from awas.evidence.links import attach_in
from awas.evidence.records import Artefact, BuiltFile, Capture, Subject
from awas.evidence.tables import evidence_artefacts, evidence_captures
from awas.evidence.vault import StoredObject


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureHeader:
    """Who asked for which capture, why, and when it ran."""

    source_kind: str
    url: str | None
    post_pk: int | None
    actor: str
    reason: str
    started_at: datetime
    finished_at: datetime


def insert_stored(
    conn: Connection,
    header: CaptureHeader,
    facts: dict[str, Any],
    stored: Sequence[tuple[BuiltFile, StoredObject]],
    subject: Subject | None,
) -> Capture:
    """Record a complete capture; every artefact gets its `captured` entry in the ledger."""
    http = facts.get("http") or {}
    capture_id = _insert_capture(
        conn,
        header,
        status="stored",
        http_status=http.get("status"),
        final_url=(facts.get("source") or {}).get("final_url"),
        peer_ip=http.get("peer_ip"),
        media_type=http.get("media_type"),
        metadata=facts,
    )
    ids = [_insert_artefact(conn, capture_id, built, obj, header.finished_at) for built, obj in stored]
    drafts = [
        ledger.EntryDraft(
            artefact_id=artefact_id,
            action=ledger.Action.CAPTURED,
            actor=header.actor,
            reason=header.reason,
            details={"capture_id": capture_id, "name": built.name, "kind": built.kind.value}
            | {"digest": obj.digest, "size": obj.size},
        )
        for artefact_id, (built, obj) in zip(ids, stored, strict=True)
    ]
    ledger.append(conn, drafts)
    if subject is not None:
        attach_in(conn, ids, subject, header.actor, header.reason or "dilampirkan saat pengambilan")
    return load_capture(conn, capture_id)


def insert_failed(conn: Connection, header: CaptureHeader, code: str, reason: str) -> Capture:
    """Record a failed attempt with its reason; nothing else is stored."""
    capture_id = _insert_capture(
        conn, header, status="failed", failure_code=code, failure_reason=reason, metadata={}
    )
    return load_capture(conn, capture_id)


def _insert_capture(conn: Connection, header: CaptureHeader, **values: Any) -> int:
    row = {
        "source_kind": header.source_kind,
        "url": header.url,
        "post_pk": header.post_pk,
        "actor": header.actor,
        "reason": header.reason,
        "started_at": header.started_at,
        "finished_at": header.finished_at,
    }
    query = evidence_captures.insert().values(**row, **values).returning(evidence_captures.c.id)
    return int(conn.execute(query).scalar_one())


def _insert_artefact(
    conn: Connection, capture_id: int, built: BuiltFile, obj: StoredObject, at: datetime
) -> int:
    query = (
        evidence_artefacts.insert()
        .values(
            capture_id=capture_id,
            kind=built.kind.value,
            name=built.name,
            digest=obj.digest,
            size=obj.size,
            media_type=built.media_type,
            created_at=at,
        )
        .returning(evidence_artefacts.c.id)
    )
    return int(conn.execute(query).scalar_one())


def artefact_from_row(row: Any) -> Artefact:
    m = row._mapping
    return Artefact(
        id=m["id"],
        capture_id=m["capture_id"],
        kind=m["kind"],
        name=m["name"],
        digest=m["digest"],
        size=m["size"],
        media_type=m["media_type"],
        created_at=m["created_at"],
    )


def load_capture(conn: Connection, capture_id: int) -> Capture:
    row = conn.execute(sa.select(evidence_captures).where(evidence_captures.c.id == capture_id)).one()
    artefacts = conn.execute(
        sa.select(evidence_artefacts)
        .where(evidence_artefacts.c.capture_id == capture_id)
        .order_by(evidence_artefacts.c.id)
    )
    m = dict(row._mapping)
    return Capture(**m, artefacts=tuple(artefact_from_row(a) for a in artefacts))


def load_artefacts(conn: Connection, artefact_ids: Sequence[int] | None = None) -> list[Artefact]:
    """The named artefacts (all when None), in id order."""
    query = sa.select(evidence_artefacts).order_by(evidence_artefacts.c.id)
    if artefact_ids is not None:
        query = query.where(evidence_artefacts.c.id.in_(list(artefact_ids)))
    return [artefact_from_row(r) for r in conn.execute(query)]
