"""Canonical JSONL import: exact counts, idempotence, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.ingest.quarantine import QuarantineView
from awas.ingest.service import IngestService
from awas.store.tables import posts
from tests.ingest.conftest import canonical, write_jsonl


def _count(app: App) -> int:
    with app.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(posts)).scalar_one())


def test_a_clean_file_is_stored_with_raw_line_and_hash(
    intake: IngestService, app: App, tmp_path: Path
) -> None:
    line = json.dumps(
        canonical("1", urls=["https://s.id/abc?utm_source=wa"], metrics={"likes": 4}), ensure_ascii=False
    )
    path = tmp_path / "p.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    summary = intake.import_file(path, "jsonl", actor="test")
    assert (summary.accepted, summary.existing, summary.rejected) == (1, 0, 0)
    with app.db.read() as conn:
        row = conn.execute(sa.select(posts)).one()
    import hashlib

    assert row.raw_sha256 == hashlib.sha256(line.encode()).hexdigest()
    assert row.raw == json.loads(line)
    assert row.urls == ["https://s.id/abc"]
    assert row.metrics == {"likes": 4}
    assert row.stage == "new"
    assert row.created_at.isoformat() == "2024-11-25T14:03:00+00:00"


def test_reimporting_changes_nothing(intake: IngestService, app: App, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", [canonical(str(i)) for i in range(50)])
    first = intake.import_file(path, "jsonl", actor="test")
    second = intake.import_file(path, "jsonl", actor="test")
    assert (first.accepted, first.existing) == (50, 0)
    assert (second.accepted, second.existing) == (0, 50)
    assert _count(app) == 50


def test_bad_lines_are_quarantined_with_line_and_reason_and_the_run_goes_on(
    intake: IngestService, app: App, tmp_path: Path
) -> None:
    records: list[dict[str, object] | str] = [
        canonical("ok-1"),
        "{not json",
        {k: v for k, v in canonical("x").items() if k != "author_id"},
        canonical("naive", created_at="2024-11-25T21:03:00"),
        canonical("plat", platform="friendster"),
        "[1, 2, 3]",
        canonical("ok-2") | {"post_id": 12345},
        "",
        canonical("bad-metrics", metrics={"likes": "banyak"}),
        canonical("ok-3", created_at="2024-11-25 21:03+07:00"),
    ]
    path = write_jsonl(tmp_path / "p.jsonl", records)
    summary = intake.import_file(path, "jsonl", actor="test")
    assert (summary.accepted, summary.rejected) == (3, 6)
    by_line = {p.line: (p.field, p.reason) for p in summary.problems}
    assert by_line[2][1].startswith("JSON tidak valid")
    assert by_line[3] == ("author_id", "kolom wajib 'author_id' tidak ada")
    assert by_line[4][0] == "created_at" and "naive" in by_line[4][1]
    assert by_line[5][0] == "platform"
    assert "objek JSON" in by_line[6][1]
    assert by_line[9][0] == "metrics"
    assert QuarantineView(app).count(str(path)) == 6


def test_wrong_encodings_are_refused_per_line_or_per_file(
    intake: IngestService, app: App, tmp_path: Path
) -> None:
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(
        json.dumps(canonical("a")).encode()
        + b"\n"
        + json.dumps(canonical("b", text="caf\u00e9"))
        .encode("latin-1", "replace")
        .replace(b"\\u00e9", b"\xe9")
        + b"\n"
    )
    summary = intake.import_file(latin, "jsonl", actor="test")
    assert (summary.accepted, summary.rejected) == (1, 1)
    assert summary.problems[0].line == 2 and "UTF-8" in summary.problems[0].reason
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_text(json.dumps(canonical("c")) + "\n", encoding="utf-16")
    refused = intake.import_file(utf16, "jsonl", actor="test")
    assert (refused.accepted, refused.rejected) == (0, 1)
    assert "UTF-16" in refused.problems[0].reason


def test_a_binary_file_is_refused_and_nothing_stored_is_lost(
    intake: IngestService, app: App, tmp_path: Path
) -> None:
    intake.import_file(write_jsonl(tmp_path / "good.jsonl", [canonical("keep")]), "jsonl", actor="test")
    binary = tmp_path / "photo.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    summary = intake.import_file(binary, "jsonl", actor="test")
    assert (summary.accepted, summary.rejected) == (0, 1)
    assert "biner" in summary.problems[0].reason
    assert _count(app) == 1


def test_a_100_mb_post_is_skipped_without_holding_it_in_memory(intake: IngestService, tmp_path: Path) -> None:
    import resource

    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.write(json.dumps(canonical("before")).encode() + b"\n")
        fh.write(
            b'{"platform": "x", "post_id": "huge", "author_id": "u", '
            b'"created_at": "2024-11-25T21:03:00Z", "text": "'
        )
        block = b"a" * (1024 * 1024)
        for _ in range(100):
            fh.write(block)
        fh.write(b'"}\n')
        fh.write(json.dumps(canonical("after")).encode() + b"\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    summary = intake.import_file(path, "jsonl", actor="test")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert (summary.accepted, summary.rejected) == (2, 1)
    assert summary.problems[0].line == 2 and "batas ukuran" in summary.problems[0].reason
    assert grown_mb < 80


def test_a_missing_file_is_a_quarantined_source(intake: IngestService, tmp_path: Path) -> None:
    summary = intake.import_file(tmp_path / "nope.jsonl", "jsonl", actor="test")
    assert summary.rejected == 1 and summary.accepted == 0


def test_blank_lines_and_crlf_endings_parse_like_a_plain_block(tmp_path: Path) -> None:
    """A block with blank lines or CRLF endings takes the joined-lines path, a plain block is parsed
    from its bytes as read: both give the same posts, line numbers and hashes of the lines as received."""
    import hashlib

    from awas.ingest.importers.jsonl_importer import JsonlImporter

    lines = [json.dumps(canonical(str(i), text=f"Pesan ke-{i} ✓"), ensure_ascii=False) for i in range(3)]
    plain = tmp_path / "plain.jsonl"
    plain.write_bytes(("\n".join(lines) + "\n").encode())
    messy = tmp_path / "messy.jsonl"
    messy.write_bytes(("\r\n".join([lines[0], "", "   ", lines[1], lines[2]]) + "\r\n").encode())
    (a,) = list(JsonlImporter().chunks(plain, 0))
    (b,) = list(JsonlImporter().chunks(messy, 0))
    hashes = [hashlib.sha256(line.encode()).hexdigest() for line in lines]
    assert a.frame["raw_sha256"].to_list() == b.frame["raw_sha256"].to_list() == hashes
    assert a.frame["raw"].to_list() == b.frame["raw"].to_list() == lines
    assert a.frame.drop("raw", "raw_sha256").equals(b.frame.drop("raw", "raw_sha256"))
    assert (a.position, b.position, a.rejections, b.rejections) == (3, 5, [], [])
