"""Analyst review of findings (confirm / reject) and the export of reviews as labelled data.

A review sets `review_status`, `reviewed_by`, `reviewed_at`, `review_note` on the finding and
appends an audit event in the same transaction. A later detection run updates score and evidence
but never the review. `export_labels` writes every reviewed post finding as a training row:
text, category, label (1 confirmed, 0 rejected), so the next `awas detect train` can learn from it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.domain.findings import ReviewStatus
from awas.errors import InputError, InputProblem, NotFoundError
from awas.store.audit import append_audit
from awas.store.tables import findings, posts
from awas.timeutil import utcnow

EXPORT_COLUMNS = (
    "text",
    "category",
    "label",
    "finding_id",
    "platform",
    "post_id",
    "score",
    "detector_version",
    "reviewed_by",
    "reviewed_at",
    "review_note",
)


def review_finding(
    app: App, finding_id: int, status: ReviewStatus, actor: str, note: str | None = None
) -> None:
    """Record an analyst's decision; raises NotFoundError for an unknown id, InputError for 'open'."""
    if status == ReviewStatus.OPEN:
        raise InputError(InputProblem("review", "status harus confirmed atau rejected", field="status"))
    now = utcnow()
    with app.db.transaction() as conn:
        changed = conn.execute(
            findings.update()
            .where(findings.c.id == finding_id)
            .values(review_status=str(status), reviewed_by=actor, reviewed_at=now, review_note=note)
        ).rowcount
        if changed != 1:
            raise NotFoundError(f"temuan {finding_id} tidak ditemukan")
        append_audit(
            conn,
            AuditEvent(
                action=f"finding.{status}",
                actor=actor,
                object_type="finding",
                object_id=str(finding_id),
                details={"note": note} if note else {},
                at=now,
            ),
        )


def export_labels(app: App, target: Path) -> int:
    """Write reviewed post findings as labelled CSV to `target` (atomically); returns the row count."""
    query = (
        sa.select(
            posts.c.text,
            findings.c.category,
            findings.c.review_status,
            findings.c.id,
            posts.c.platform,
            posts.c.post_id,
            findings.c.score,
            findings.c.detector_version,
            findings.c.reviewed_by,
            findings.c.reviewed_at,
            findings.c.review_note,
        )
        .join(posts, posts.c.id == findings.c.post_pk)
        .where(findings.c.review_status.in_([str(ReviewStatus.CONFIRMED), str(ReviewStatus.REJECTED)]))
        .order_by(findings.c.id)
    )
    with app.db.read() as conn:
        rows = conn.execute(query).all()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for r in rows:
            label = 1 if r.review_status == ReviewStatus.CONFIRMED else 0
            reviewed = r.reviewed_at.isoformat() if r.reviewed_at else ""
            writer.writerow(
                [
                    r.text,
                    r.category,
                    label,
                    r.id,
                    r.platform,
                    r.post_id,
                    r.score,
                    r.detector_version,
                    r.reviewed_by or "",
                    reviewed,
                    r.review_note or "",
                ]
            )
    os.replace(temporary, target)
    return len(rows)
