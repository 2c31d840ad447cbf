"""A database with the demo data of every capability, built once per test session and backend, copied
for each test (SQLite: the file; PostgreSQL: CREATE DATABASE ... TEMPLATE), with its data folder
(recap frames, evidence vault) copied beside it.

What the tests rely on (from the bundled samples, see awas.cases.samples and the other demos):
- cases 1-7: case 1 (LP-2024-00001) is owned by Bawaslu Kota Jambi, routed to Sentra Gakkumdu and
  shared with Polda Jambi; case 4 is routed to KPID Jambi; the others belong to the province;
- case 1 has evidence: one captured post (`CASE1_EVIDENCE_POST`) attached to it;
- 146 detection findings, 4 coordination clusters, recap snapshots of races ppwp/pkwkk/pkwkp.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from awas.app import App
from awas.core.registry import resolve
from awas.demo import DEMO_STEPS
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.settings import load_settings
from awas.store.pgcluster import PostgresCluster

SECRET = "test-secret-key-with-enough-length-0123456789"
CASE1_EVIDENCE_POST = 1  # posts.id of the post captured as evidence of case 1


def settings_for(url: str, home: Path) -> App:
    return App(
        load_settings(env="test", home=home, database_url=url, data_dir=home / "data", secret_key=SECRET)
    )


# Steps that open further cases (escalated clusters, findings and recap anomalies; the watch's
# incidents): their own tests cover them; the case numbers and counts below are the cases demo's.
LATER_CASE_STEPS = frozenset({"escalate", "watch"})


def populate(core: App) -> None:
    """Every demo step but LATER_CASE_STEPS, then one captured post attached to case 1 as evidence."""
    for name, dotted in DEMO_STEPS.items():
        if name not in LATER_CASE_STEPS:
            resolve(dotted)(core, "demo")
    EvidenceService(core).capture_post(
        actor="demo", pk=CASE1_EVIDENCE_POST, reason="bukti perkara", subject=Subject(SubjectType.CASE, "1")
    )


@dataclass
class DemoSources:
    root: Path
    _sqlite: Path | None = None
    _pg: dict[str, Path] = field(default_factory=dict)

    def sqlite(self, reference_template: Path) -> tuple[Path, Path]:
        """(database file, home folder) of the SQLite demo source."""
        if self._sqlite is None:
            home = self.root / "sqlite"
            home.mkdir(parents=True)
            shutil.copyfile(reference_template, home / "awas.db")
            core = settings_for(f"sqlite:///{home / 'awas.db'}", home)
            core.upgrade_schema()
            populate(core)
            core.close()
            self._sqlite = home
        return self._sqlite / "awas.db", self._sqlite

    def postgres(self, cluster: PostgresCluster, reference_template: str) -> tuple[str, Path]:
        """(template database name, home folder) of the PostgreSQL demo source."""
        name = "awas_template_demo"
        if name not in self._pg:
            home = self.root / "postgres"
            home.mkdir(parents=True)
            cluster.execute(f"CREATE DATABASE {name} TEMPLATE {reference_template}")
            core = settings_for(cluster.url(name), home)
            populate(core)
            core.close()
            self._pg[name] = home
        return name, self._pg[name]


def fresh_copy(source_home: Path, target: Path) -> Path:
    """A test's own copy of the demo data folder (recap frames, evidence vault)."""
    shutil.copytree(source_home / "data", target / "data", symlinks=True)
    return target


_counter = iter(range(1_000_000))


def fresh_pg_name() -> str:
    return f"awas_demo_{os.getpid()}_{next(_counter)}"
