"""Detection services over the store: run the queue, classify a file, explain a post.

Front ends (CLI, web, workers) call these; they own their transactions and audit events.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO

import sqlalchemy as sa

from awas.app import App
from awas.detect.context import DetectionContext, build_context
from awas.detect.pipeline import detect_batch, post_subject_id
from awas.detect.posts_io import read_posts, result_line
from awas.detect.store import (
    claim_batch,
    drop_stale_findings,
    finding_row,
    mark_detected,
    post_from_row,
    upsert_findings,
)
from awas.domain.audit import AuditEvent
from awas.domain.findings import Finding
from awas.domain.posts import Post
from awas.errors import NotFoundError
from awas.ingest.canonical_file import count_strict
from awas.store.tables import findings, posts
from awas.timeutil import utcnow

BATCH_SIZE = 1000


@dataclass
class RunSummary:
    posts: int = 0
    findings: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    detector_version: str = ""


def run_detection(
    app: App,
    actor: str,
    *,
    batch_size: int = BATCH_SIZE,
    limit: int | None = None,
    context: DetectionContext | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> RunSummary:
    """Detect every `new` post (or up to `limit`), batch by batch; each batch is one transaction."""
    context = context or build_context(app)
    summary = RunSummary(detector_version=context.detector_version)
    while limit is None or summary.posts < limit:
        size = batch_size if limit is None else min(batch_size, limit - summary.posts)
        with app.db.transaction() as conn:
            claimed = claim_batch(conn, size)
            if not claimed:
                break
            found = detect_batch([p for _, p in claimed], context)
            _store_batch(conn, claimed, found)
        summary.posts += len(claimed)
        summary.findings += len(found)
        summary.by_category.update(f.category for f in found)
        if on_batch:
            on_batch(len(claimed))
    if summary.posts:
        app.audit(
            AuditEvent(
                action="detect.run",
                actor=actor,
                object_type="posts",
                object_id="queue",
                details={
                    "posts": summary.posts,
                    "findings": summary.findings,
                    "detector_version": summary.detector_version,
                },
            )
        )
    return summary


def _store_batch(conn: sa.Connection, claimed: list[tuple[int, Post]], found: list[Finding]) -> None:
    now = utcnow()
    pk_of = {post_subject_id(p): pk for pk, p in claimed}
    upsert_findings(conn, [finding_row(f, pk_of.get(f.subject_id), now) for f in found])
    drop_stale_findings(conn, list(pk_of), {(f.subject_id, f.category) for f in found})
    mark_detected(conn, [pk for pk, _ in claimed], now)


def batched(items: Iterable[Post], size: int) -> Iterator[list[Post]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def classify_file(
    source: Path, out: IO[str], context: DetectionContext, on_batch: Callable[[int], None]
) -> int:
    """Write one result line per post of `source` to `out`; returns the number of posts.

    The whole file is validated first (InputError on the first bad line), so nothing is written for
    an invalid file.
    """
    total = count_strict(source)  # the whole file checked (every bad line named) before any output
    for chunk in batched(read_posts(source), BATCH_SIZE):
        by_post: dict[str, list[Finding]] = {post_subject_id(p): [] for p in chunk}
        for finding in detect_batch(chunk, context):
            by_post[finding.subject_id].append(finding)
        for post in chunk:
            out.write(
                json.dumps(result_line(post, by_post[post_subject_id(post)]), ensure_ascii=False) + "\n"
            )
        on_batch(len(chunk))
    return total


def classify_to_path(
    source: Path, target: Path, context: DetectionContext, on_batch: Callable[[int], None]
) -> int:
    """Like classify_file, into `target` atomically (a temporary file renamed on success)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            count = classify_file(source, out, context, on_batch)
        os.replace(temporary, target)
        return count
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@dataclass(frozen=True)
class Explanation:
    post: Post
    post_pk: int
    stage: str
    stored: list[dict[str, object]]  # findings rows in the store (with review status)
    fresh: list[Finding]  # what the current detector says now


def find_post(app: App, reference: str) -> tuple[int, Post, str]:
    """A post by database id, or `platform:post_id`; raises NotFoundError."""
    query = sa.select(posts)
    if reference.isdigit():
        query = query.where(posts.c.id == int(reference))
    else:
        platform, _, post_id = reference.partition(":")
        query = query.where(posts.c.platform == platform, posts.c.post_id == post_id)
    with app.db.read() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFoundError(f"unggahan {reference!r} tidak ditemukan (pakai id atau platform:post_id)")
    return row["id"], post_from_row(row), row["stage"]


def explain_post(app: App, reference: str, context: DetectionContext | None = None) -> Explanation:
    pk, post, stage = find_post(app, reference)
    with app.db.read() as conn:
        stored = [
            dict(r)
            for r in conn.execute(
                sa.select(findings)
                .where(findings.c.subject_id == post_subject_id(post))
                .order_by(findings.c.category)
            ).mappings()
        ]
    fresh = detect_batch([post], context or build_context(app))
    return Explanation(post, pk, stage, stored, fresh)
