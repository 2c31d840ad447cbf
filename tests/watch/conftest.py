"""Fixtures for watch tests: fast settings trusting a test CA, a service, cycle and scan helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.watch.config import WatchSettings, load_watch_settings
from awas.watch.endpoints import EndpointInput
from awas.watch.records import Endpoint, Incident
from awas.watch.service import WatchService
from awas.watch.tables import watch_checks
from tests.evidence.servers import TestCA


@pytest.fixture(scope="session")
def test_ca() -> TestCA:
    return TestCA.create()


@pytest.fixture
def ca_file(test_ca: TestCA, tmp_path: Path) -> Path:
    path = tmp_path / "test-ca.pem"
    path.write_bytes(test_ca.pem())
    return path


@pytest.fixture
def settings(ca_file: Path) -> WatchSettings:
    return load_watch_settings(
        host_interval_s=0,
        timeout_s=2,
        deadline_s=4,
        max_bytes=1024 * 1024,
        ca_file=ca_file,
        workers=8,
        learn_checks=2,
        confirm_checks=2,
        outage_after=2,
        recover_after=2,
        relearn_after=3,
    )


@pytest.fixture
def watch(app: App, settings: WatchSettings) -> WatchService:
    return WatchService(app, settings)


def add(watch: WatchService, url: str, **kw: str) -> Endpoint:
    return watch.add(EndpointInput(url=url, **kw), actor="test")


def cycles(watch: WatchService, n: int) -> list[int]:
    """Run `n` cycles; ids of the incidents they opened."""
    opened: list[int] = []
    for _ in range(n):
        opened += watch.run_cycle(actor="test").opened
    return opened


def evidence_of(app: App, incident: Incident) -> list[str]:
    """Kinds of the artefacts linked to an incident in the vault."""
    artefacts = EvidenceService(app).artefacts_of(Subject(SubjectType.INCIDENT, str(incident.id)))
    return sorted({a.kind for a in artefacts})


def checks_of(app: App, endpoint_id: int) -> list[tuple[str, str]]:
    query = sa.select(watch_checks.c.code, watch_checks.c.reason).where(
        watch_checks.c.endpoint_id == endpoint_id
    )
    with app.db.read() as conn:
        return [(c, r) for c, r in conn.execute(query.order_by(watch_checks.c.id))]
