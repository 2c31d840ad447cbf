"""One canonical post parser: intake, `detect classify` and `coord detect --in` read the JSONL format
with the same code, so they accept the same lines and name the same bad ones (intake quarantines
them and goes on; the two others refuse the file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.coord.jsonl import read_posts_jsonl
from awas.detect.posts_io import read_posts
from awas.detect.schedule_rules import paid_flag
from awas.detect.service import find_post
from awas.errors import InputError
from awas.ingest.canonical_file import count_strict, read_strict
from awas.ingest.service import IngestService
from awas.ingest.tables import ingest_quarantine
from awas.store.tables import posts
from tests.support.cli import run_cli

GOOD = {
    "platform": "x",
    "post_id": "1",
    "author_id": "a",
    "text": "halo",
    "created_at": "2024-11-20T10:00:00+07:00",
}
BAD_LINES = {  # line number -> (the line, the field it must be blamed on)
    2: (b"{broken", None),
    3: (json.dumps({k: v for k, v in GOOD.items() if k != "author_id"}).encode(), "author_id"),
    4: (json.dumps(GOOD | {"post_id": "4", "created_at": "2024-11-20T10:00:00"}).encode(), "created_at"),
    5: (json.dumps(GOOD | {"post_id": "5", "urls": "https://a.example"}).encode(), "urls"),
    6: (json.dumps(GOOD | {"post_id": "6", "platform": "myspace"}).encode(), "platform"),
    7: (b'{"platform": "x", "text": "\xff\xfe"}', None),
    8: (b'["not", "an", "object"]', None),
    9: (json.dumps(GOOD | {"post_id": "9", "text": 42}).encode(), "text"),
}  # fmt: skip


def mixed_file(tmp_path: Path) -> Path:
    lines = [json.dumps(GOOD).encode()]
    lines += [BAD_LINES[n][0] for n in sorted(BAD_LINES)]
    lines.append(json.dumps(GOOD | {"post_id": "10", "text": "  sampai jumpa  "}).encode())
    path = tmp_path / "campur.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _where(problems: list[object]) -> set[tuple[int | None, str | None]]:
    return {(p.line, p.field or None) for p in problems}  # type: ignore[attr-defined]


EXPECTED = {(n, field) for n, (_line, field) in BAD_LINES.items()}


def test_the_three_readers_name_the_same_bad_lines_and_fields(app: App, tmp_path: Path) -> None:
    path = mixed_file(tmp_path)
    summary = IngestService(app).import_file(path, "jsonl", actor="test")
    assert (summary.accepted, summary.rejected) == (2, len(BAD_LINES))
    with app.db.read() as conn:
        quarantined = conn.execute(sa.select(ingest_quarantine.c.line, ingest_quarantine.c.field)).all()
        reasons = set(conn.execute(sa.select(ingest_quarantine.c.line, ingest_quarantine.c.reason)).all())
    assert {(line, field or None) for line, field in quarantined} == EXPECTED
    for read in (read_posts_jsonl, lambda p: list(read_posts(p)), read_strict, count_strict):
        with pytest.raises(InputError) as refused:
            read(path)
        assert _where(refused.value.problems) == EXPECTED
        assert {(p.line, p.reason) for p in refused.value.problems} == reasons  # same words too


def test_what_intake_stores_is_what_the_file_readers_read(app: App, tmp_path: Path) -> None:
    rows = [GOOD | {"post_id": str(i), "urls": [f"https://a.example/{i}"]} for i in range(5)]
    rows[2] |= {"created_at": "2024-11-20 10:00+07:00", "author_created_at": "2020-01-01T00:00:00Z"}
    path = tmp_path / "baik.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    IngestService(app).import_file(path, "jsonl", actor="test")
    with app.db.read() as conn:
        stored = {
            (r.post_id, r.created_at) for r in conn.execute(sa.select(posts.c.post_id, posts.c.created_at))
        }
    classified = {(p.post_id, p.created_at) for p in read_posts(path)}
    frame = read_posts_jsonl(path)
    assert stored == classified and {r[0] for r in stored} == set(frame["post_id"].to_list())


def test_a_post_without_media_or_metrics_is_stored_with_empty_ones_not_null(app: App, tmp_path: Path) -> None:
    path = tmp_path / "satu.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    IngestService(app).import_file(path, "jsonl", actor="test")
    with app.db.read() as conn:
        media, metrics = conn.execute(sa.select(posts.c.media, posts.c.metrics)).one()
    assert (media, metrics) == ([], {})
    assert find_post(app, "x:1")[1].media == ()


def test_a_platform_ad_flag_kept_in_raw_is_seen_from_a_file_and_from_the_store(
    app: App, tmp_path: Path
) -> None:
    path = tmp_path / "iklan.jsonl"
    path.write_text(json.dumps(GOOD | {"raw": {"sponsored": True, "id": "1"}}) + "\n", encoding="utf-8")
    from_file = next(read_posts(path))
    IngestService(app).import_file(path, "jsonl", actor="test")
    from_store = find_post(app, "x:1")[1]
    assert paid_flag(from_file) == paid_flag(from_store) == "raw.raw.sponsored"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("\ufeff".encode("utf-16-le") + json.dumps(GOOD).encode("utf-16-le"), "UTF-16"),
        (b"\x00\x01\x02 binary", "biner"),
    ],
)
def test_a_wrongly_encoded_or_binary_file_is_refused_whole_by_every_reader(
    app: App, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "salah.jsonl"
    path.write_bytes(content)
    for read in (read_posts_jsonl, lambda p: list(read_posts(p))):
        with pytest.raises(InputError) as refused:
            read(path)
        assert reason in str(refused.value) and str(path) in str(refused.value)
    assert IngestService(app).import_file(path, "jsonl", actor="test").accepted == 0


def test_classify_and_coord_refuse_the_file_and_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWAS_HOME", str(tmp_path))
    path = mixed_file(tmp_path)
    out = tmp_path / "hasil.jsonl"
    classified = run_cli(capsys, "detect", "classify", "--in", str(path), "--out", str(out))
    coordinated = run_cli(capsys, "coord", "detect", "--in", str(path))
    for result in (classified, coordinated):
        assert result.code == 2 and result.stdout == ""
        assert f"{path}:4 [created_at]" in result.stderr and f"{path}:3 [author_id]" in result.stderr
    assert not out.exists()


def test_an_oversized_line_is_named_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "besar.jsonl"
    huge = json.dumps(GOOD | {"post_id": "2", "text": "x" * (17 * 1024 * 1024)})
    path.write_text(f"{json.dumps(GOOD)}\n{huge}\n{json.dumps(GOOD | {'post_id': '3'})}\n", encoding="utf-8")
    for read in (read_posts_jsonl, lambda p: list(read_posts(p))):
        with pytest.raises(InputError) as refused:
            read(path)
        assert [(p.line, p.reason) for p in refused.value.problems] == [
            (2, "baris melebihi batas ukuran (16 MB)")
        ]
