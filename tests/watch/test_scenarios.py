"""The issue's "done when": against real local HTTP(S) servers (a self-signed CA made here), a
defacement, a certificate swap, an outage and recovery, a Sirekap value changed after final: each
produces exactly one incident, with evidence in the vault, a finding and a routed temuan."""

from __future__ import annotations

import random
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.cases.tables import cases
from awas.recap.store import list_snapshots
from awas.store.tables import findings
from awas.watch.service import WatchService
from tests.evidence.servers import TestCA
from tests.watch.conftest import add, checks_of, cycles, evidence_of
from tests.watch.servers import (
    DEFACED,
    Site,
    load_cert,
    normal_page,
    page,
    serve_site,
    server_context,
    tps_record,
    unavailable,
)


def _case(app: App, case_id: int | None) -> dict[str, object]:
    assert case_id is not None
    with app.db.read() as conn:
        return dict(conn.execute(sa.select(cases).where(cases.c.id == case_id)).mappings().one())


def test_a_defacement_is_one_incident_with_evidence_a_finding_and_a_case(
    app: App, watch: WatchService
) -> None:
    rng = random.Random(1)
    site = Site({"/": page(lambda: normal_page(rng))})
    with serve_site(site):
        endpoint = add(
            watch,
            site.base + "/",
            name="KPU Kota Jambi",
            owner_kind="kpu",
            owner_org="kpu-15.71",
            region_code="15.71",
        )
        assert cycles(watch, 3) == []  # learning, then a clean check (the ad and counter change each time)
        site.routes["/"] = page(DEFACED.encode())
        opened = cycles(watch, 3)
        assert len(opened) == 1
        site.routes["/"] = page(lambda: normal_page(rng))
        cycles(watch, 2)
    incident = watch.incident(opened[0])
    assert (incident.category, incident.kind, incident.severity.value) == (
        "defacement",
        "defacement",
        "critical",
    )
    assert incident.status == "resolved" and incident.endpoint_id == endpoint.id
    assert {"warc", "text", "metadata"} <= set(evidence_of(app, incident))
    assert incident.case_id is not None and incident.errors == []
    case = _case(app, incident.case_id)
    assert case["category"] == "defacement" and case["handler"] == "polri"
    with app.db.read() as conn:
        finding = (
            conn.execute(sa.select(findings).where(findings.c.id == incident.finding_id)).mappings().one()
        )
    assert finding["category"] == "defacement" and finding["subject_type"] == "endpoint"


def test_a_certificate_swap_is_one_incident(
    app: App, watch: WatchService, test_ca: TestCA, tmp_path: Path
) -> None:
    context = server_context(test_ca, tmp_path, "asli")
    site = Site({"/": page(normal_page)})
    with serve_site(site, tls=context):
        add(watch, site.base + "/", name="Bawaslu Jambi", owner_kind="bawaslu", owner_org="bawaslu-15")
        assert cycles(watch, 2) == []
        load_cert(context, TestCA.create("penyerang"), tmp_path, "palsu")  # an issuer nobody trusts
        opened = cycles(watch, 3)
    assert len(opened) == 1
    incident = watch.incident(opened[0])
    assert (incident.category, incident.kind, incident.severity.value) == (
        "defacement",
        "certificate_changed",
        "high",
    )
    assert "penerbit berbeda" in incident.summary
    kinds = evidence_of(app, incident)
    assert "tls_chain" in kinds and "metadata" in kinds  # the two certificates, the observation
    url_capture = next(e for e in incident.evidence if e["kind"] == "url")
    assert url_capture["status"] == "failed" and "TLS" in url_capture["failure"]


def test_a_same_issuer_reissue_near_expiry_is_a_renewal(
    app: App, watch: WatchService, test_ca: TestCA, tmp_path: Path
) -> None:
    context = server_context(test_ca, tmp_path, "lama")
    site = Site({"/": page(normal_page)})
    with serve_site(site, tls=context):
        endpoint = add(watch, site.base + "/")
        cycles(watch, 2)
        load_cert(context, test_ca, tmp_path, "baru")  # the test CA issues 30-day certificates
        assert cycles(watch, 2) == []
    codes = [code for code, _ in checks_of(app, endpoint.id)]
    assert codes == ["ok"] * 4


def test_an_outage_and_its_recovery_are_one_incident(app: App, watch: WatchService) -> None:
    site = Site({"/": page(normal_page)})
    with serve_site(site):
        endpoint = add(watch, site.base + "/", owner_kind="sirekap")
        cycles(watch, 1)
        site.routes["/"] = unavailable
        opened = cycles(watch, 4)
        site.routes["/"] = page(normal_page)
        assert cycles(watch, 1) == []
        assert watch.incident(opened[0]).status == "open"  # one good check is not yet a recovery
        cycles(watch, 1)
    assert len(opened) == 1
    incident = watch.incident(opened[0])
    assert (incident.category, incident.status, incident.severity.value) == (
        "service_outage",
        "resolved",
        "critical",
    )
    assert "HTTP 503" in incident.summary
    assert evidence_of(app, incident) == ["metadata"]  # the site did not answer: the observation record
    assert _case(app, incident.case_id)["handler"] == "komdigi"
    reasons = [r for code, r in checks_of(app, endpoint.id) if code != "ok"]
    assert len(reasons) == 4 and all("HTTP 503" in r for r in reasons)


def test_a_sirekap_value_changed_after_final_is_one_incident(app: App, watch: WatchService) -> None:
    body = {"v": tps_record((120, 240))}
    site = Site({"/pilkada/hhcw/pkwkp/15/1571/157101/1571011001/1571011001001.json": page(lambda: body["v"])})
    with serve_site(site):
        add(
            watch,
            site.base + "/pilkada/hhcw/pkwkp/15/1571/157101/1571011001/1571011001001.json",
            kind="sirekap_json",
            owner_kind="sirekap",
            owner_org="kpu-15",
            region_code="15",
        )
        assert cycles(watch, 1) == []
        body["v"] = tps_record((120, 240), ts="2024-11-28 11:00:00")  # only the time moves: no new snapshot
        assert cycles(watch, 1) == []
        assert len(list_snapshots(app)) == 1
        body["v"] = tps_record((150, 240), ts="2024-11-29 09:00:00")
        opened = cycles(watch, 2)
    assert len(opened) == 1 and len(list_snapshots(app)) == 2
    incident = watch.incident(opened[0])
    assert (incident.kind, incident.severity.value) == ("sirekap_final_changed", "critical")
    assert incident.details["changes"] == [
        {"field": "chart.1000010", "old": 120, "new": 150},
        {"field": "administrasi.suara_sah", "old": 360, "new": 390},
        {"field": "administrasi.suara_total", "old": 363, "new": 393},
    ]
    assert all(incident.details["recap_snapshots"].values())
    assert "warc" in evidence_of(app, incident)
    case = _case(app, incident.case_id)
    assert (case["handler"], case["track"]) == ("kpu_provinsi", "administrasi")


def test_values_before_final_may_change_freely(app: App, watch: WatchService) -> None:
    body = {"v": tps_record((10, 20), final=False)}
    site = Site({"/1571011001002.json": page(lambda: body["v"])})
    with serve_site(site):
        add(watch, site.base + "/1571011001002.json", kind="sirekap_json", owner_kind="sirekap")
        cycles(watch, 1)
        body["v"] = tps_record((15, 20), final=True)
        assert cycles(watch, 2) == []


def test_a_page_publishing_voter_data_is_one_leak_incident_stored_masked(
    app: App, watch: WatchService
) -> None:
    from awas.ingest.pagewatch import PageWatch
    from tests.watch.nikdata import valid_niks

    niks = valid_niks(12, seed=8)
    rows = "".join(
        f"<tr><td>Warga {i}</td><td>{n}</td><td>RT 01</td><td>00{i % 9}</td></tr>" for i, n in enumerate(niks)
    )
    table = f"<table><tr><th>Nama</th><th>NIK</th><th>Alamat</th><th>TPS</th></tr>{rows}</table>"
    site = Site(
        {
            "/dpt": page(
                f"<html><title>Data DPT</title><body><p>Daftar pemilih</p>{table}</body></html>".encode()
            )
        }
    )
    with serve_site(site):
        endpoint = add(watch, site.base + "/dpt", owner_kind="kpu")
        opened = cycles(watch, 3)
    assert len(opened) == 1
    incident = watch.incident(opened[0])
    assert (incident.category, incident.kind) == ("data_leak", "page_leak")
    assert incident.details["leak"]["distinct_numbers"] == 12 and incident.details["leak"]["table_rows"] == 12
    stored = " ".join(v.text for v in PageWatch(app.db, None).versions(endpoint.url))  # type: ignore[arg-type]
    assert stored and not any(n in stored for n in niks) and "Warga 3" not in stored
