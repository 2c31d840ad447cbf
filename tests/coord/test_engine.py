"""The engine on a hand-made stream: each cluster kind finds exactly its planted accounts."""

from __future__ import annotations

import polars as pl

from awas.coord.config import CoordConfig, Kind
from awas.coord.engine import detect_frame
from awas.coord.neardup import index_texts
from tests.coord.streams import frame_of, planted_stream


def test_each_kind_finds_its_planted_accounts_and_no_organic_one() -> None:
    rows, planted = planted_stream()
    result = detect_frame(frame_of(rows))
    by_kind: dict[str, set[str]] = {}
    for cluster in result.clusters:
        by_kind.setdefault(cluster.kind.value, set()).update(cluster.accounts)
    assert by_kind == planted
    everyone = set().union(*by_kind.values())
    assert not any(a.startswith("x:warga") for a in everyone)


def test_clusters_follow_the_output_contract() -> None:
    rows, _planted = planted_stream()
    cluster = detect_frame(frame_of(rows)).clusters[0]
    shape = cluster.to_contract()
    assert set(shape) == {"id", "kind", "accounts", "posts", "score", "first_at", "last_at"}
    assert shape["kind"] in {k.value for k in Kind}
    assert all(len(p) == 2 and p[0] == "x" for p in shape["posts"])
    assert 0 < shape["score"] <= 1 and shape["first_at"].endswith("+07:00")


def test_leetspeak_emoji_and_hashtag_case_still_meet_as_near_duplicates() -> None:
    rows, _planted = planted_stream()
    frame = frame_of(rows)
    index = index_texts(frame, CoordConfig())
    groups = index.posts.join(frame.select("pid", "post_id"), on="pid")
    wave = groups.filter(pl.col("post_id").str.starts_with("c0"))
    assert wave.height == 5 and wave["group"].n_unique() == 1


def test_the_same_input_in_another_order_gives_the_same_clusters() -> None:
    rows, _planted = planted_stream()
    first = detect_frame(frame_of(rows))
    second = detect_frame(frame_of(list(reversed(rows))))
    assert [c.to_contract() for c in first.clusters] == [c.to_contract() for c in second.clusters]


def test_an_analyst_window_too_short_for_the_waves_finds_less() -> None:
    rows, _planted = planted_stream()
    config = CoordConfig(windows={k.value: 2 for k in Kind}, slow_window=2)
    result = detect_frame(frame_of(rows), config)
    assert result.windows == {k.value: 2 for k in Kind}
    assert all(c.kind is not Kind.CO_LINK for c in result.clusters)  # link posts are 5 s apart
