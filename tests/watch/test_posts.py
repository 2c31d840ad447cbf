"""Leaks and look-alike domains in stored posts (imported through intake, tips with attachments):
one incident each with evidence; reposts are sightings; stored copies are masked, the sealed copy
is not."""

from __future__ import annotations

import io
import json
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.evidence.service import EvidenceService
from awas.ingest.service import IngestService
from awas.ingest.tips import TipService, TipSubmission, Upload
from awas.store.tables import posts
from awas.watch.service import WatchService
from awas.watch.tables import watch_domains
from tests.watch.conftest import evidence_of
from tests.watch.nikdata import grouped, valid_niks

NIKS = valid_niks(6, seed=21)
OFFER = "Jual data DPT Kota Jambi lengkap NIK, minat DM. Contoh: " + ", ".join(
    grouped(n, i) for i, n in enumerate(NIKS)
)


def _import(app: App, tmp_path: Path, items: list[dict[str, str]]) -> None:
    path = tmp_path / f"posts-{len(items)}-{items[0]['post_id']}.jsonl"
    lines = [
        json.dumps({"author_id": "akun-x", "created_at": "2024-11-20T10:00:00+07:00", **i}) for i in items
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    IngestService(app).import_file(path, "jsonl", actor="test")


def _text(app: App, post_id: str) -> str:
    with app.db.read() as conn:
        return str(conn.execute(sa.select(posts.c.text).where(posts.c.post_id == post_id)).scalar_one())


def test_a_leak_post_is_one_incident_and_reposts_are_sightings(
    app: App, watch: WatchService, tmp_path: Path
) -> None:
    _import(app, tmp_path, [{"platform": "x", "post_id": "1001", "text": OFFER}])
    first = watch.scan_posts()
    assert len(first.opened) == 1 and first.masked_posts == 1
    _import(app, tmp_path, [{"platform": "facebook", "post_id": "2002", "text": "share lagi: " + OFFER}])
    again = watch.scan_posts()
    assert again.opened == [] and again.posts == 1
    incident = watch.incident(first.opened[0])
    assert (incident.category, incident.kind, incident.sightings) == ("data_leak", "post_leak", 2)
    assert incident.severity.value == "high" and incident.case_id is not None
    assert {"raw_record", "metadata", "text"} <= set(evidence_of(app, incident))
    shown = json.dumps(incident.details) + incident.summary
    assert not any(n in shown for n in NIKS) and "**********" in shown
    for post_id in ("1001", "2002"):  # the stored copy is masked ...
        assert not any(n[6:] in _text(app, post_id).replace(" ", "").replace(".", "") for n in NIKS)


def test_the_sealed_copy_keeps_the_numbers(app: App, watch: WatchService, tmp_path: Path) -> None:
    _import(app, tmp_path, [{"platform": "x", "post_id": "1003", "text": OFFER}])
    incident = watch.incident(watch.scan_posts().opened[0])
    svc = EvidenceService(app)
    post_capture = next(e for e in incident.evidence if e["kind"] == "post")
    raw = next(a for a in svc.capture(post_capture["capture_id"]).artefacts if a.kind == "raw_record")
    with svc.open_artefact(raw.id, actor="test", reason="uji") as handle:
        assert NIKS[0] in handle.read().decode()


def test_a_dpt_spreadsheet_sent_as_a_tip_is_a_leak(app: App, watch: WatchService) -> None:
    rows = ["nama,nik,alamat,tps"] + [
        f"Warga {i},{n},RT 01,00{i}" for i, n in enumerate(valid_niks(15, seed=5))
    ]
    upload = Upload("dpt.csv", "text/csv", io.BytesIO("\n".join(rows).encode()))
    TipService(app).submit(TipSubmission(text="ada yang sebar file ini di grup", uploads=[upload]))
    report = watch.scan_posts()
    assert len(report.opened) == 1
    incident = watch.incident(report.opened[0])
    assert incident.severity.value == "critical" and incident.details["leak"]["table_rows"] == 15


def test_a_lookalike_domain_is_one_incident(app: App, watch: WatchService, tmp_path: Path) -> None:
    link = "https://kpu-jambi.go.id.cek-dpt.com/login"
    _import(
        app,
        tmp_path,
        [
            {"platform": "x", "post_id": "3001", "text": f"Cek DPT kamu di {link} sebelum 27 November"},
            {
                "platform": "x",
                "post_id": "3002",
                "text": "berita https://www.kompas.com/pilkada dan https://jambi.kpu.go.id/",
            },
        ],
    )
    first = watch.scan_posts()
    _import(app, tmp_path, [{"platform": "x", "post_id": "3003", "text": f"ulang: {link}"}])
    again = watch.scan_posts()
    assert len(first.opened) == 1 and again.opened == [] and first.lookalikes == 1
    incident = watch.incident(first.opened[0])
    assert (incident.category, incident.subject) == ("phishing", "cek-dpt.com")
    assert "subdomain_spoof" in incident.details["reasons"]
    assert {"raw_record", "metadata"} <= set(evidence_of(app, incident))
    assert next(e for e in incident.evidence if e["kind"] == "url")["status"] == "failed"  # no DNS here
    with app.db.read() as conn:
        assert conn.execute(sa.select(watch_domains.c.sightings)).scalar_one() == 2


def test_a_single_nik_is_masked_without_an_incident(app: App, watch: WatchService, tmp_path: Path) -> None:
    _import(
        app, tmp_path, [{"platform": "x", "post_id": "4001", "text": f"NIK saya {NIKS[0]} dicatut partai?"}]
    )
    report = watch.scan_posts()
    assert report.opened == [] and report.masked_posts == 1
    assert _text(app, "4001") == f"NIK saya {NIKS[0][:6]}********** dicatut partai?"
