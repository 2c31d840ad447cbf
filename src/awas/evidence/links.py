"""Links from artefacts to what they are evidence of (case, finding, post, cluster, incident).

Links are owned here so no other capability's tables are needed; attaching writes an `attached`
entry to the custody ledger in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.evidence import ledger
from awas.evidence.records import Subject, SubjectType
from awas.evidence.tables import evidence_links
from awas.timeutil import utcnow


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    artefact_id: int
    subject: Subject
    linked_at: datetime
    actor: str
    reason: str


def attach_in(
    conn: Connection, artefact_ids: Sequence[int], subject: Subject, actor: str, reason: str
) -> int:
    """Link artefacts to `subject` inside the caller's transaction; return how many were new.

    Already linked artefacts are left as they are (attaching twice is not an event).
    """
    existing = set(
        conn.execute(
            sa.select(evidence_links.c.artefact_id).where(
                evidence_links.c.subject_type == subject.type.value,
                evidence_links.c.subject_id == subject.id,
                evidence_links.c.artefact_id.in_(list(artefact_ids)),
            )
        ).scalars()
    )
    new = [a for a in dict.fromkeys(artefact_ids) if a not in existing]
    if not new:
        return 0
    now = utcnow()
    conn.execute(
        evidence_links.insert(),
        [
            {"artefact_id": a, "subject_type": subject.type.value, "subject_id": subject.id}
            | {"linked_at": now, "actor": actor, "reason": reason}
            for a in new
        ],
    )
    details = {"subject_type": subject.type.value, "subject_id": subject.id}
    ledger.append(
        conn,
        [
            ledger.EntryDraft(
                artefact_id=a, action=ledger.Action.ATTACHED, actor=actor, reason=reason, details=details
            )
            for a in new
        ],
    )
    return len(new)


def artefact_ids_of(conn: Connection, subjects: Sequence[Subject]) -> list[int]:
    """Artefacts linked to any of `subjects`, in id order."""
    if not subjects:
        return []
    match = sa.or_(
        *(
            sa.and_(evidence_links.c.subject_type == s.type.value, evidence_links.c.subject_id == s.id)
            for s in subjects
        )
    )
    query = (
        sa.select(evidence_links.c.artefact_id).where(match).distinct().order_by(evidence_links.c.artefact_id)
    )
    return list(conn.execute(query).scalars())


def links_of(conn: Connection, artefact_ids: Sequence[int]) -> list[Link]:
    query = (
        sa.select(evidence_links)
        .where(evidence_links.c.artefact_id.in_(list(artefact_ids)))
        .order_by(evidence_links.c.id)
    )
    return [
        Link(
            artefact_id=r.artefact_id,
            subject=Subject(SubjectType(r.subject_type), r.subject_id),
            linked_at=r.linked_at,
            actor=r.actor,
            reason=r.reason,
        )
        for r in conn.execute(query)
    ]
