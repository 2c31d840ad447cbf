"""Posts for `awas detect classify`: canonical JSON Lines (specs/posts-jsonl.md) in, results out.

Reading is streaming and strict per record: a line that is not JSON, or lacks a required field, or
has a naive time, is a problem naming file, line and field. Classification of a file with any bad
line is refused (exit 2) before any output is written, so a partial result file never exists.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awas.domain.findings import Finding
from awas.domain.posts import PLATFORMS, Post
from awas.errors import InputError, InputProblem
from awas.timeutil import parse_aware

REQUIRED = ("platform", "post_id", "author_id", "text", "created_at")
MAX_LINE_BYTES = 8 * 1024 * 1024


def _problem(path: Path, line: int, reason: str, field: str | None = None) -> InputProblem:
    return InputProblem(str(path), reason, line=line, field=field)


def _strings(record: dict[str, Any], name: str) -> tuple[str, ...]:
    value = record.get(name) or []
    if not isinstance(value, list):
        raise ValueError(name)
    return tuple(str(v) for v in value)


def post_from_record(record: Any, path: Path, line: int) -> Post:
    """A Post from one decoded JSON object; raises InputError naming the field at fault."""
    if not isinstance(record, dict):
        raise InputError(_problem(path, line, "rekaman harus objek JSON"))
    for name in REQUIRED:
        if not isinstance(record.get(name), str):
            raise InputError(_problem(path, line, "kolom wajib tidak ada atau bukan teks", name))
    if record["platform"] not in PLATFORMS:
        raise InputError(
            _problem(path, line, f"platform tidak dikenal: {record['platform'][:40]!r}", "platform")
        )
    try:
        created = parse_aware(record["created_at"])
    except ValueError as exc:
        raise InputError(_problem(path, line, f"waktu tidak sah: {exc}", "created_at")) from exc
    try:
        urls, hashtags, mentions = (_strings(record, name) for name in ("urls", "hashtags", "mentions"))
    except ValueError as exc:
        raise InputError(_problem(path, line, "harus berupa daftar", str(exc))) from exc
    raw = record.get("raw") if isinstance(record.get("raw"), dict) else {}
    return Post(
        platform=record["platform"],
        post_id=record["post_id"][:256],
        author_id=record["author_id"][:256],
        text=record["text"],
        created_at=created,
        author_handle=_optional(record, "author_handle"),
        author_name=_optional(record, "author_name"),
        url=_optional(record, "url"),
        lang=_optional(record, "lang"),
        region=_optional(record, "region"),
        raw=raw or {},
        urls=urls,
        hashtags=hashtags,
        mentions=mentions,
    )


def _optional(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    return value if isinstance(value, str) and value else None


def read_posts(path: Path) -> Iterator[Post]:
    """Posts of a JSONL file, in order; blank lines are skipped. Raises InputError on the first bad line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(InputProblem(str(path), f"tidak dapat dibuka: {exc.strerror}")) from exc
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            if len(raw_line) > MAX_LINE_BYTES:
                raise InputError(_problem(path, number, "baris lebih dari 8 MB"))
            if not raw_line.strip():
                continue
            try:
                record = json.loads(raw_line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise InputError(_problem(path, number, f"bukan UTF-8 (byte {exc.start})")) from exc
            except json.JSONDecodeError as exc:
                raise InputError(_problem(path, number, f"JSON tidak sah: {exc.msg}")) from exc
            yield post_from_record(record, path, number)


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
