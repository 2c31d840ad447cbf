"""Scale-out fixtures: one real local Ray instance per test session, twin databases, a corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.scale_corpus import write_corpus

from awas.app import App
from tests.conftest import Templates, _fresh_url, _make_app


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[None]:
    """A real local Ray (2 CPUs), started once; engines reuse it and leave it running."""
    ray = pytest.importorskip("ray")
    from awas.scale.ray_engine import WORKER_ENV

    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
        runtime_env={"env_vars": WORKER_ENV},
    )
    yield
    ray.shutdown()


@pytest.fixture
def twin_apps(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path, templates: Templates
) -> Iterator[tuple[App, App]]:
    """Two Apps on two fresh databases with the reference data: one per engine, compared after."""
    apps = []
    for name in ("local", "ray"):
        folder = tmp_path / name
        folder.mkdir()
        apps.append(_make_app(_fresh_url(request, backend, "reference", folder, templates), folder))
    yield apps[0], apps[1]
    for core in apps:
        core.close()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 synthetic posts (canonical JSONL)."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "posts.jsonl", 3000)
