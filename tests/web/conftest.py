"""Web fixtures: the app over a fresh database with the demo accounts, and signed-in test clients."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from awas.access.demo import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from awas.app import App
from awas.settings import load_settings
from awas.web.application import create_app
from awas.web.cache import VersionedCache
from tests.conftest import Templates
from tests.web.demo_data import DemoSources, fresh_copy, fresh_pg_name, settings_for

BASE_URL = "https://testserver"  # the session cookie is Secure: the test client must speak https
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Page caches are per process; each test starts cold so counts come from its own database."""
    import awas.web.mapping as mapping
    import awas.web.panels.findings_panel as findings_panel

    monkeypatch.setattr(findings_panel, "_cache", VersionedCache(recheck=0))
    monkeypatch.setattr(mapping, "_risk_cache", VersionedCache(recheck=0))
    monkeypatch.setattr(mapping, "_shapes", {})
    import awas.web.panels.reference_panel as reference_panel
    import awas.web.views.risk as risk_views

    monkeypatch.setattr(reference_panel, "_cache", VersionedCache(recheck=0))
    monkeypatch.setattr(risk_views, "_page_cache", VersionedCache(recheck=0))
    import awas.web.case_stats as case_stats
    import awas.web.panels.clusters_panel as clusters_panel
    import awas.web.panels.recap_panel as recap_panel

    monkeypatch.setattr(case_stats, "_cache", VersionedCache(recheck=0))
    monkeypatch.setattr(recap_panel, "_cache", VersionedCache(recheck=0))
    monkeypatch.setattr(clusters_panel, "_cache", VersionedCache(recheck=0))


@pytest.fixture
def web(app: App) -> App:
    """The App (SQLite and PostgreSQL) with the demo accounts."""
    ensure_demo_users(app)
    return app


@pytest.fixture
def sqlite_web(templates: Templates, tmp_path: Path) -> Iterator[App]:
    """The same on SQLite only (browser and fuzz tests: slow, and the backend is not what they test)."""
    path = tmp_path / "awas.db"
    shutil.copyfile(templates.sqlite("reference"), path)
    core = App(
        load_settings(
            env="test",
            home=tmp_path,
            database_url=f"sqlite:///{path}",
            secret_key="test-secret-key-with-enough-length-0123456789",
        )
    )
    ensure_demo_users(core)
    yield core
    core.close()


@pytest.fixture(scope="session")
def demo_sources(tmp_path_factory: pytest.TempPathFactory) -> DemoSources:
    return DemoSources(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def dash(
    request: pytest.FixtureRequest,
    backend: str,
    tmp_path: Path,
    templates: Templates,
    demo_sources: DemoSources,
) -> Iterator[App]:
    """An App (SQLite and PostgreSQL) over a copy of the demo data of every capability (see demo_data.py)."""
    if backend == "sqlite":
        source, home = demo_sources.sqlite(templates.sqlite("reference"))
        shutil.copyfile(source, tmp_path / "awas.db")
        url = f"sqlite:///{tmp_path / 'awas.db'}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        template, home = demo_sources.postgres(cluster, templates.postgres(cluster, "reference"))
        name = fresh_pg_name()
        cluster.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        url = cluster.url(name)
    core = settings_for(url, fresh_copy(home, tmp_path))
    yield core
    core.close()


@pytest.fixture
def sqlite_dash(templates: Templates, tmp_path: Path, demo_sources: DemoSources) -> Iterator[App]:
    """The demo data on SQLite only (browser and fuzz tests: slow, and the backend is not what they test)."""
    source, home = demo_sources.sqlite(templates.sqlite("reference"))
    shutil.copyfile(source, tmp_path / "awas.db")
    core = settings_for(f"sqlite:///{tmp_path / 'awas.db'}", fresh_copy(home, tmp_path))
    yield core
    core.close()


@pytest.fixture
def dash_client(dash: App) -> Callable[[str], TestClient]:
    """`dash_client("analis.bawaslu")`: a client signed in as that demo user, over the demo data."""
    return lambda username: sign_in(new_client(dash), username)


def new_client(core: App) -> TestClient:
    return TestClient(create_app(core), base_url=BASE_URL, follow_redirects=False)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> TestClient:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(client), "next": "/"},
    )
    assert response.status_code == 303, response.text[:500]
    return client


@pytest.fixture
def client_for(web: App) -> Callable[[str], TestClient]:
    """`client_for("analis.bawaslu")`: a client signed in as that demo user."""
    return lambda username: sign_in(new_client(web), username)


DEMO_USERNAMES = [u.username for u in DEMO_USERS]
