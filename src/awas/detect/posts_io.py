"""Posts for `awas detect classify`: canonical JSON Lines (specs/posts-jsonl.md) in, results out.

Reading goes through the one canonical parser (`awas.ingest.canonical_file`, the same code intake
imports with): streaming, and strict for this command: a line that is not JSON, lacks a required
field or has a naive time is a problem naming file, line and field. `classify_file` counts the
whole file first, so a file with any bad line is refused (exit 2) before any output is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awas.domain.findings import Finding
from awas.domain.posts import Post
from awas.ingest.canonical_file import strict_frames
from awas.ingest.frame import frame_to_posts


def read_posts(path: Path) -> Iterator[Post]:
    """Posts of a JSONL file, block by block in file order; `raw` is the whole record as intake stores it.

    Raises InputError naming file, line and field at the first block holding a bad line.
    """
    for frame in strict_frames(path):
        yield from frame_to_posts(frame)


def result_line(post: Post, findings: list[Finding]) -> dict[str, Any]:
    """The classify output record of specs/cli-contracts.md for one post."""
    return {
        "platform": post.platform,
        "post_id": post.post_id,
        "labels": [
            {
                "category": f.category,
                "score": f.score,
                "legal_basis": list(f.legal_basis),
                "evidence": [evidence_dict(e) for e in f.evidence],
                "handler": f.handler,
                "paslon_id": f.paslon_id,
                "election_id": f.election_id,
            }
            for f in findings
        ],
    }


def evidence_dict(span: Any) -> dict[str, Any]:
    return {
        "kind": span.kind,
        "text": span.text,
        "start": span.start,
        "end": span.end,
        "weight": span.weight,
        "detail": span.detail,
    }
