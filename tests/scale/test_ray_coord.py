"""Coordination on the Ray engine (distributed signing, LSH banding as a shuffle) equals the local run."""

from __future__ import annotations

from pathlib import Path

import pytest

from awas.coord.config import CoordConfig
from awas.coord.jsonl import read_posts_jsonl
from awas.coord.neardup import index_texts
from awas.scale.coord_run import detect_file, distributed_indexer
from awas.scale.engine import EngineChoice, LocalEngine, open_engine

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("ray_cluster")]


def _groups(index: object) -> list[tuple[int, int, int]]:
    posts = index.posts  # type: ignore[attr-defined]
    return sorted(posts.select("pid", "text_id", "group").iter_rows())


def test_distributed_text_index_equals_the_local_one(corpus: Path) -> None:
    frame, config = read_posts_jsonl(corpus), CoordConfig()
    local = index_texts(frame, config)
    with open_engine(EngineChoice.parse("ray")) as engine:
        distributed = distributed_indexer(engine)(frame, config)
    assert local.group_count > 20  # the corpus has rings of edited copies
    assert _groups(distributed) == _groups(local)
    assert (distributed.text_ids == local.text_ids).all() and (distributed.sig == local.sig).all()
    assert sorted(distributed.buckets.iter_rows()) == sorted(local.buckets.iter_rows())


def test_local_engine_shuffle_path_gives_the_same_index(corpus: Path) -> None:
    frame, config = read_posts_jsonl(corpus), CoordConfig()
    assert _groups(distributed_indexer(LocalEngine())(frame, config)) == _groups(index_texts(frame, config))


def test_ray_coordination_finds_the_local_clusters(corpus: Path) -> None:
    frame, config = read_posts_jsonl(corpus), CoordConfig()
    local = detect_file(frame, config)
    with open_engine(EngineChoice.parse("ray")) as engine:
        distributed = detect_file(frame, config, engine)
    assert len(local.clusters) >= 5
    assert [c.to_contract() for c in distributed.clusters] == [c.to_contract() for c in local.clusters]
    assert distributed.windows == local.windows
