"""Fixtures shared by every test: an App on a fresh database, on SQLite and on real PostgreSQL.

Every test that uses `app` (or `empty_app`, `database_url`) runs twice: on SQLite and on a private
PostgreSQL cluster that this session starts from Debian's binaries (marker `postgres`). Databases
are cloned from migrated templates, so each test gets a fresh, fully migrated database quickly.
Run only one backend with `pytest --db sqlite` or `--db postgres`.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from awas.app import App
from awas.reference.loader import load_package
from awas.reference.package import bundled_package_dir
from awas.reference.validate import validate_package
from awas.settings import load_settings
from awas.store.db import Database
from awas.store.migrate import upgrade
from awas.store.pgcluster import PostgresCluster, PostgresUnavailable
from tests.support.cli import CliRunnerResult, run_cli  # noqa: F401  (re-exported fixture helper)

BACKENDS = ("sqlite", "postgres")
_counter = itertools.count()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgres", "both"),
        default="both",
        help="database backends to run database tests on",
    )


def postgres_required() -> bool:
    """Under CI (or AWAS_REQUIRE_POSTGRES=1) a PostgreSQL that cannot start fails the run."""
    return os.environ.get("CI") == "true" or os.environ.get("AWAS_REQUIRE_POSTGRES") == "1"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("--db")
        params = [
            pytest.param(b, marks=[pytest.mark.postgres] if b == "postgres" else [], id=b)
            for b in BACKENDS
            if chosen in (b, "both")
        ]
        metafunc.parametrize("backend", params, scope="function")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No AWAS_* setting from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("AWAS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    try:
        cluster = PostgresCluster()
        cluster.start()
    except PostgresUnavailable as exc:
        if postgres_required():
            pytest.fail(f"PostgreSQL is required here but could not start: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    yield cluster
    cluster.stop()


class Templates:
    """Migrated template databases per backend: 'empty' (schema only) and 'reference' (bundled data)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._sqlite: dict[str, Path] = {}
        self._pg: set[str] = set()

    def sqlite(self, kind: str) -> Path:
        if kind not in self._sqlite:
            path = self.root / f"template-{kind}.db"
            _prepare(f"sqlite:///{path}", kind)
            self._sqlite[kind] = path
        return self._sqlite[kind]

    def postgres(self, cluster: PostgresCluster, kind: str) -> str:
        name = f"awas_template_{kind}"
        if name not in self._pg:
            cluster.execute(f"CREATE DATABASE {name}")
            _prepare(cluster.url(name), kind)
            self._pg.add(name)
        return name


def _prepare(url: str, kind: str) -> None:
    db = Database(url)
    upgrade(db)
    if kind == "reference":
        load_package(db, validate_package(bundled_package_dir()))
    db.dispose()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"))


def _fresh_url(
    request: pytest.FixtureRequest, backend: str, kind: str, tmp_path: Path, templates: Templates
) -> str:
    if backend == "sqlite":
        path = tmp_path / "awas.db"
        shutil.copyfile(templates.sqlite(kind), path)
        return f"sqlite:///{path}"
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    name = f"awas_test_{os.getpid()}_{next(_counter)}"
    cluster.execute(f"CREATE DATABASE {name} TEMPLATE {templates.postgres(cluster, kind)}")
    return cluster.url(name)


def _make_app(url: str, tmp_path: Path) -> App:
    settings = load_settings(
        env="test",
        home=tmp_path,
        database_url=url,
        data_dir=tmp_path / "data",
        secret_key="test-secret-key-with-enough-length-0123456789",
    )
    return App(settings)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path, templates: Templates) -> str:
    """URL of a fresh, migrated database with the bundled reference package loaded."""
    return _fresh_url(request, backend, "reference", tmp_path, templates)


@pytest.fixture
def empty_database_url(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path, templates: Templates
) -> str:
    """URL of a fresh, migrated database with no data."""
    return _fresh_url(request, backend, "empty", tmp_path, templates)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[App]:
    """An App on a fresh database with the bundled reference data loaded."""
    core = _make_app(database_url, tmp_path)
    yield core
    core.close()


@pytest.fixture
def empty_app(empty_database_url: str, tmp_path: Path) -> Iterator[App]:
    """An App on a fresh, migrated, empty database."""
    core = _make_app(empty_database_url, tmp_path)
    yield core
    core.close()


class _BackendCounter:
    passed = {"sqlite": 0, "postgres": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        for backend in BACKENDS:
            if (
                f"[{backend}" in report.nodeid
                or f"-{backend}]" in report.nodeid
                or f"-{backend}-" in report.nodeid
            ):
                _BackendCounter.passed[backend] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail a required run in which a selected backend had no passing test (a silent skip is no pass)."""
    chosen = session.config.getoption("--db")
    if not postgres_required() or exitstatus != 0 or not session.testscollected:
        return
    missing = [b for b in BACKENDS if chosen in (b, "both") and not _BackendCounter.passed[b]]
    if missing:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nerror: no database test passed on: {', '.join(missing)}")  # noqa: T201
