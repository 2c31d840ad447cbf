"""Capture stored posts for a subject, each once: what other capabilities call when they open a
case from a detector finding or a coordination cluster (`EvidenceService.capture_posts`).

A post already captured for the subject (a stored capture of it whose artefacts are linked to the
subject) is not captured again, so re-running the caller adds nothing; a post that is not in the
store is reported, not raised, so one missing post does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.errors import NotFoundError
from awas.evidence.capture import Capturer
from awas.evidence.records import Subject
from awas.evidence.tables import evidence_artefacts, evidence_captures, evidence_links


@dataclass(frozen=True, slots=True)
class PostCaptures:
    """What `capture_posts` did, by posts.id."""

    captured: tuple[int, ...] = ()  # captured now
    already: tuple[int, ...] = ()  # captured for the subject before: left as they were
    failed: tuple[tuple[int, str], ...] = ()  # (post id, reason)


def captured_post_pks(conn: Connection, subject: Subject) -> set[int]:
    """posts.id of every stored post capture whose artefacts are linked to `subject`."""
    query = (
        sa.select(evidence_captures.c.post_pk)
        .join(evidence_artefacts, evidence_artefacts.c.capture_id == evidence_captures.c.id)
        .join(evidence_links, evidence_links.c.artefact_id == evidence_artefacts.c.id)
        .where(
            evidence_links.c.subject_type == subject.type.value,
            evidence_links.c.subject_id == subject.id,
            evidence_captures.c.source_kind == "post",
            evidence_captures.c.status == "stored",
        )
        .distinct()
    )
    return {int(pk) for pk in conn.execute(query).scalars() if pk is not None}


def capture_posts(
    capturer: Capturer,
    post_pks: Sequence[int],
    *,
    actor: str,
    reason: str,
    subject: Subject,
    advance: Callable[[int], None] | None = None,
) -> PostCaptures:
    """Capture each post of `post_pks` (in order, once each) for `subject` unless it already was."""
    with capturer.app.db.read() as conn:
        done = captured_post_pks(conn, subject)
    captured: list[int] = []
    failed: list[tuple[int, str]] = []
    wanted = list(dict.fromkeys(post_pks))
    for pk in wanted:
        if pk not in done:
            try:
                result = capturer.capture_post(actor=actor, pk=pk, reason=reason, subject=subject)
            except NotFoundError as exc:
                failed.append((pk, str(exc)))
            else:
                if result.stored:
                    captured.append(pk)
                else:
                    failed.append((pk, result.failure_reason or ""))
        if advance is not None:
            advance(1)
    return PostCaptures(tuple(captured), tuple(pk for pk in wanted if pk in done), tuple(failed))
