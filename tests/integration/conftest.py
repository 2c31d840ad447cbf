"""Fixtures for the cross-capability tests: task-force users, a store filled through intake with a
coordinated campaign naming a paslon, detection run over it, and a recap audit of the TPS sample."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal, principal_for
from awas.coord.config import CoordConfig, Kind
from awas.coord.query import list_clusters
from awas.coord.service import detect_in_store
from awas.detect.service import run_detection
from awas.domain.orgs import Role
from awas.ingest.service import IngestService
from awas.recap import service as recap_service
from awas.recap.demo import TPS_SAMPLE
from awas.store.tables import findings, users

T0 = datetime(2024, 11, 20, 19, 0, tzinfo=UTC)  # campaign period, 21 Nov 02:00 WIB
WAVE_1 = [
    "Warga Jambi ayo dukung Haris-Sani untuk gubernur karena sudah terbukti membangun desa kita",
    "Warga Jambi ayo dukung Haris-Sani jadi gubernur karena sudah terbukti membangun desa kita 🔥",
    "warga jambi ayo dukung haris-sani untuk gubernur krn sudah terbukti membangun desa kita",
]
WAVE_2 = [
    "Jangan lupa tanggal 27 November coblos Haris-Sani demi Jambi yang lebih maju dan sejahtera",
    "Jgn lupa tanggal 27 November coblos Haris-Sani demi Jambi yang lebih maju dan sejahtera!!",
    "Jangan lupa tanggal 27 November coblos Haris-Sani demi Jambi yang lebih maju & sejahtera 🙏",
]
ORGANIC = [
    "Makan siang di pasar angso duo enak sekali sambalnya pedas hari ini",
    "Hujan deras dari pagi jalan ke kantor banjir lagi di telanaipura",
    "Harga cabai naik terus ibu ibu di pasar mengeluh soal belanja",
    "Besok libur panjang mau ke danau kerinci sama keluarga besar",
]
CAMPAIGN = [f"buzzer{i}" for i in range(6)]
MONEY = [
    "Besok subuh serangan fajar amplop 100 ribu per rumah buat yang coblos nomor dua ya warga",
    "Besok subuh serangan fajar amplop 100 ribu per rumah bagi yang coblos nomor dua ya warga",
    "besok subuh serangan fajar, amplop 100rb per rumah buat yg coblos nomor dua ya warga",
]
FIXED = CoordConfig(windows={k.value: 300 for k in Kind})  # windows set, not estimated: small streams


def add_user(app: App, username: str, org_id: str, role: Role) -> Principal:
    with app.db.transaction() as conn:
        conn.execute(
            users.insert().values(
                username=username, display_name=username, org_id=org_id, role=role.value,
                password_hash=None, active=True, created_at=T0,
            )
        )  # fmt: skip
    return principal_for(app, username)


@pytest.fixture
def analyst(app: App) -> Principal:
    return add_user(app, "analis", "bawaslu-15", Role.ANALYST)


@pytest.fixture
def partner(app: App) -> Principal:
    return add_user(app, "liaison.kpid", "kpid-jambi", Role.PARTNER_LIAISON)


@pytest.fixture
def on_app_db(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    return app


def record(post_id: str, author: str, at: datetime, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "platform": "x",
        "post_id": post_id,
        "author_id": author,
        "author_handle": author,
        "text": text,
        "created_at": at.isoformat(),
    } | extra


def campaign_records() -> list[dict[str, Any]]:
    """Six unregistered accounts post near-copies naming Haris-Sani, twice, within minutes; organic talk."""
    rows = []
    for wave, (texts, start) in enumerate(((WAVE_1, T0), (WAVE_2, T0 + timedelta(days=2)))):
        for i, author in enumerate(CAMPAIGN):
            when = start + timedelta(seconds=25 * i)
            rows.append(record(f"c{wave}{i}", author, when, texts[i % len(texts)]))
    for j in range(12):
        rows.append(record(f"o{j}", f"warga{j}", T0 + timedelta(hours=j), f"{ORGANIC[j % 4]} catatan {j}"))
    return rows


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def import_posts(app: App, rows: list[dict[str, Any]], tmp_path: Path) -> int:
    """Store posts the product's way: a canonical JSONL imported by intake."""
    path = write_jsonl(rows, tmp_path / "posts.jsonl")
    return IngestService(app).import_file(path, "jsonl", actor="test").accepted


def count(app: App, table: sa.Table, *where: Any) -> int:
    with app.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())


def cluster_in_store(app: App, tmp_path: Path) -> str:
    """Import the campaign through intake, detect coordination in the store; the copy-paste cluster's id."""
    import_posts(app, campaign_records(), tmp_path)
    detect_in_store(app, config=FIXED)
    return list_clusters(app, kind=Kind.NEAR_DUPLICATE_TEXT)[0].id


def money_finding(app: App, tmp_path: Path) -> int:
    """Import one money-politics post through intake, run detection; the finding's id."""
    import_posts(app, [record("u1", "warga1", T0, MONEY[0])], tmp_path)
    run_detection(app, "test")
    with app.db.read() as conn:
        query = sa.select(findings.c.id).where(findings.c.category == "money_politics")
        return int(conn.execute(query).scalar_one())


@pytest.fixture
def audited(app: App) -> App:
    """The app after a recap audit of the bundled Pemilu 2024 TPS sample (C, H and F findings stored)."""
    recap_service.audit_inputs(app, [TPS_SAMPLE], actor="test")
    return app
