"""Bad and hostile input: clear refusals with file, line and field; bounded work on floods."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from awas.coord.config import CoordConfig, Kind
from awas.coord.engine import detect_frame
from awas.coord.jsonl import read_posts_jsonl
from awas.errors import InputError
from tests.coord.streams import T0, frame_of, planted_stream, post, write_jsonl


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_posts_jsonl(path)
    return [str(p) for p in caught.value.problems]


def test_a_line_that_is_not_json_is_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    good = json.dumps(post("1", "a", T0, "halo semua"))
    path.write_text(f"{good}\n\n{{broken\n{good}\n", encoding="utf-8")
    assert _problems(path) == [
        f"{path}:3: JSON tidak valid: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)"
    ]


def test_missing_fields_and_naive_times_are_named_by_line_and_field(tmp_path: Path) -> None:
    rows = [post("1", "a", T0, "halo"), post("2", "b", T0, "halo"), post("3", "c", T0, "halo")]
    del rows[0]["author_id"]
    rows[2]["created_at"] = "2024-11-25T21:03:00"
    found = _problems(write_jsonl(rows, tmp_path / "posts.jsonl"))
    assert any(":1 [author_id]: kolom wajib" in p for p in found)
    assert any(":3 [created_at]: waktu tanpa zona waktu (naive)" in p for p in found)
    assert len(found) == 2


def test_bytes_that_are_not_utf8_and_wrong_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(json.dumps(post("1", "a", T0, "halo")).encode() + b"\n\xff\xfe{}\n")
    assert _problems(path) == [f"{path}:2: bukan UTF-8 (byte 0)"]
    path.write_text(json.dumps(post("1", "a", T0, "x") | {"urls": "http://a"}) + "\n", encoding="utf-8")
    assert "[urls]" in _problems(path)[0]


def test_a_missing_or_empty_file(tmp_path: Path) -> None:
    assert "tidak dapat dibuka" in _problems(tmp_path / "absent.jsonl")[0]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    frame = read_posts_jsonl(empty)
    assert frame.height == 0 and detect_frame(frame).clusters == ()


def test_posts_without_text_give_no_text_clusters_but_other_kinds_still_work() -> None:
    rows, planted = planted_stream()
    for row in rows:
        row["text"] = ""
    result = detect_frame(frame_of(rows))
    kinds = {c.kind for c in result.clusters}
    assert Kind.NEAR_DUPLICATE_TEXT not in kinds and Kind.CO_REPOST in kinds
    assert result.stats.texts == 0


def test_out_of_order_and_far_future_timestamps_are_kept_and_reported() -> None:
    rows, planted = planted_stream()
    future = [
        post(f"f{i}", f"future{i}", 4_102_444_800 + i, f"pesan dari masa depan nomor {i} ya")
        for i in range(3)
    ]
    result = detect_frame(frame_of(list(reversed(rows)) + future))
    assert result.stats.future_posts == 3
    assert {a for c in result.clusters for a in c.accounts} == set().union(*planted.values())


@pytest.mark.slow
def test_one_account_posting_the_same_text_100000_times_stays_cheap() -> None:
    rows, planted = planted_stream()
    flood = [
        post(f"s{i}", "spammer", T0 + i % 3600, "beli followers murah hubungi kami sekarang juga")
        for i in range(100_000)
    ]
    start = time.perf_counter()
    result = detect_frame(frame_of(rows + flood))
    assert time.perf_counter() - start < 60
    assert not any("x:spammer" in c.accounts for c in result.clusters)
    assert {a for c in result.clusters for a in c.accounts} == set().union(*planted.values())


@pytest.mark.slow
def test_a_million_distinct_hashtags_stay_bounded() -> None:
    rows, planted = planted_stream()
    tags = [
        post(f"t{i}", f"acc{i % 5000}", T0 + i % 86400, "", hashtags=[f"tag{i}a", f"tag{i}b"])
        for i in range(500_000)
    ]
    start = time.perf_counter()
    result = detect_frame(frame_of(rows + tags), CoordConfig())
    assert time.perf_counter() - start < 120
    assert {a for c in result.clusters for a in c.accounts} == set().union(*planted.values())
