"""Case intake: laporan requirements, duplicates merged with every reporter kept, temuan idempotent,
bad input refused with nothing stored and the attempt logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from awas.app import App
from awas.cases.access import Principal, system_principal
from awas.cases.intake import open_laporan
from awas.cases.intake_models import LaporanInput, TemuanInput
from awas.cases.tables import case_reporters, case_transitions, cases
from awas.cases.temuan import open_temuan, open_temuan_from_finding
from awas.errors import InputError, PermissionDenied
from awas.store.tables import findings
from tests.cases.conftest import NOW, PELAPOR, audit_actions, count, laporan, temuan, wib

Staff = Callable[[str], Principal]


def test_a_complete_report_is_received_with_every_requirement_met(app: App, staff: Staff) -> None:
    result = open_laporan(app, staff("analis"), laporan(), now=NOW)
    assert (result.number, result.status, result.merged, result.admissible) == (
        "LP-2024-00001",
        "diterima",
        False,
        True,
    )
    assert result.requirements and all(r.met for r in result.requirements)
    assert {r.kind for r in result.requirements} == {"formil", "materiil"}
    assert count(app, case_transitions) == 1 and count(app, case_reporters) == 1
    [opened] = audit_actions(app, "case.opened")
    assert opened["actor"] == "analis" and opened["details"]["number"] == "LP-2024-00001"


REQUIREMENT_CASES: list[tuple[dict[str, Any], set[str], bool]] = [
    ({"signed": False}, {"tanda_tangan"}, True),
    ({"pelapor": {**PELAPOR, "nik": None}}, {"identitas_pelapor"}, True),
    ({"terlapor": None}, {"pihak_terlapor"}, True),
    ({"evidence": []}, {"bukti"}, True),
    ({"place": None}, {"waktu_tempat"}, True),
    ({"description": "ada amplop"}, {"uraian"}, True),
    ({"received_at": wib("2024-11-28 00:00")}, {"batas_waktu"}, False),  # day 8 from 20 Nov
    ({"received_at": wib("2024-11-27 23:59")}, set(), True),  # day 7
]


def test_requirements_name_what_is_missing_and_whether_it_can_be_fixed(app: App, staff: Staff) -> None:
    for index, (changes, failed, admissible) in enumerate(REQUIREMENT_CASES):
        distinct = {"terlapor": f"Relawan {index}"} if "terlapor" not in changes else {}
        result = open_laporan(app, staff("analis"), laporan(**distinct, **changes), now=NOW)
        assert not result.merged
        assert {r.id for r in result.requirements if not r.met} == failed, changes
        assert result.admissible is admissible, changes
        assert all(bool(r.reason) is not r.met for r in result.requirements)


def test_the_late_report_reason_is_the_catalogues(app: App, staff: Staff) -> None:
    result = open_laporan(app, staff("analis"), laporan(received_at=wib("2024-11-29 10:00")), now=NOW)
    [late] = [r for r in result.requirements if not r.met]
    assert (
        late.fixable is False
        and "7 hari" in late.reason
        and late.legal_basis == "UU 1/2015 Pasal 134 ayat (4)"
    )


def test_a_duplicate_report_is_merged_keeping_every_reporter(app: App, staff: Staff) -> None:
    first = open_laporan(app, staff("analis"), laporan(), now=NOW)
    other = {**PELAPOR, "name": "Dewi Kartika Sari", "nik": "1571020304850008", "email": "dewi@example.org"}
    second = open_laporan(
        app,
        staff("analis.kota"),
        laporan(pelapor=other, terlapor="TIM KAMPANYE paslon nomor-urut 2"),
        now=NOW,
    )
    assert second.merged and second.case_id == first.case_id and second.reporter_seq == 2
    assert count(app, cases) == 1 and count(app, case_reporters) == 2
    assert audit_actions(app, "case.reporter_added")[0]["details"]["reporter"] == 2


def test_a_different_incident_is_a_new_case(app: App, staff: Staff) -> None:
    open_laporan(app, staff("analis"), laporan(), now=NOW)
    other_day = open_laporan(
        app,
        staff("analis"),
        laporan(occurred_at=wib("2024-11-21 10:00"), known_at=wib("2024-11-21 11:00")),
        now=NOW,
    )
    assert not other_day.merged and count(app, cases) == 2


def test_a_resubmitted_form_is_not_registered_twice(app: App, staff: Staff) -> None:
    first = open_laporan(app, staff("analis"), laporan(submission_id="form-7f3a"), now=NOW)
    again = open_laporan(app, staff("analis"), laporan(submission_id="form-7f3a"), now=NOW)
    assert again.case_id == first.case_id and count(app, case_reporters) == 1


BAD_REPORTS: list[tuple[dict[str, Any], str, str]] = [
    ({"pelapor": {**PELAPOR, "name": ""}}, "pelapor.name", "identitas pelapor wajib"),
    ({"pelapor": {**PELAPOR, "address": ""}}, "pelapor.address", "identitas pelapor wajib"),
    ({"received_at": wib("2024-12-01 09:00")}, "received_at", "masa depan"),
    ({"occurred_at": wib("2023-12-31 10:00")}, "occurred_at", "sebelum tahapan"),
    ({"known_at": wib("2024-11-19 10:00")}, "known_at", "tidak boleh sebelum occurred_at"),
    ({"received_at": wib("2024-11-20 11:00")}, "received_at", "tidak boleh sebelum known_at"),
    ({"category": "vote_rigging"}, "category", "tidak dikenal"),
    ({"election_id": "pilpres-2024"}, "election_id", "tidak dikenal"),
    ({"region_code": "99.99"}, "region_code", "tidak dikenal"),
    ({"evidence": [{"description": f"video {i}", "size_bytes": 20 * 1024 * 1024} for i in range(11)]},
     "evidence", "terlalu besar"),
]  # fmt: skip


def test_bad_reports_are_refused_with_nothing_stored_and_the_attempt_logged(app: App, staff: Staff) -> None:
    for index, (changes, field, words) in enumerate(BAD_REPORTS, start=1):
        with pytest.raises(InputError) as info:
            open_laporan(app, staff("analis"), laporan(**changes), now=NOW)
        assert any(p.field == field and words in p.reason for p in info.value.problems), info.value.problems
        assert count(app, cases) == 0 and count(app, case_reporters) == 0
        logged = audit_actions(app, "case.intake_refused")
        assert len(logged) == index and any(words in p for p in logged[-1]["details"]["problems"])
        assert logged[-1]["actor"] == "analis" and PELAPOR["nik"] not in str(logged[-1]["details"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"evidence": [{"description": "video", "size_bytes": 26 * 1024 * 1024}]}, "evidence.0.size_bytes"),
        ({"description": "x" * 20_001}, "description"),
        ({"description": "amplop\x00uang"}, None),
        ({"pelapor": {**PELAPOR, "nik": "12345"}}, "pelapor.nik"),
        ({"known_at": "2024-11-20T12:00:00"}, "known_at"),
        ({"known_at": "kemarin sore"}, "known_at"),
        ({"actor": "alien"}, "actor"),
        ({"bribe": True}, "bribe"),
        ({"evidence": [{"description": "foto", "sha256": "zz"}]}, "evidence.0.sha256"),
    ],
)
def test_malformed_and_hostile_input_is_refused_by_the_model(
    changes: dict[str, Any], field: str | None
) -> None:
    with pytest.raises(ValidationError) as info:
        laporan(**changes)
    locations = {".".join(str(p) for p in e["loc"]) for e in info.value.errors()}
    assert field is None or field in locations


def test_partners_and_read_only_users_may_not_open_cases(app: App, staff: Staff) -> None:
    for name in ("liaison.kpid", "penyidik.polda", "pantau.bawaslu", "pantau.iwo"):
        with pytest.raises(PermissionDenied):
            open_laporan(app, staff(name), laporan(), now=NOW)
    assert count(app, cases) == 0 and len(audit_actions(app, "case.access_denied")) == 4


def test_a_temuan_is_idempotent_on_its_source(app: App, staff: Staff) -> None:
    engine = system_principal(app, "recap")
    first = open_temuan(app, engine, temuan(source_type="recap_anomaly", source_id="1571:C1"), now=NOW)
    again = open_temuan(app, engine, temuan(source_type="recap_anomaly", source_id="1571:C1"), now=NOW)
    assert first.number.startswith("TM-2024-") and again.case_id == first.case_id and count(app, cases) == 1
    with app.db.read() as conn:
        row = conn.execute(sa.select(cases)).one()
    assert row.created_by == "system:recap" and row.owner_org_id == "bawaslu-15.01"  # Kerinci's office


def test_a_temuan_needs_a_category_or_a_track(app: App, staff: Staff) -> None:
    with pytest.raises(InputError):
        open_temuan(app, staff("analis"), temuan(category=None), now=NOW)
    assert (
        open_temuan(app, staff("analis"), temuan(category=None, track="administrasi"), now=NOW).status
        == "diterima"
    )


def test_a_temuan_from_a_detector_finding_takes_its_category_and_times(app: App, staff: Staff) -> None:
    values = {
        "subject_type": "post", "subject_id": "x:123", "category": "hate_speech", "score": 0.91,
        "detector": "keyword", "detector_version": "1", "evidence": [], "legal_basis": [], "details": {},
        "region_code": "15.71", "election_id": "pilwako-15.71-2024", "created_at": wib("2024-11-10 08:00"),
    }  # fmt: skip
    with app.db.transaction() as conn:
        finding_id = conn.execute(findings.insert().values(**values).returning(findings.c.id)).scalar_one()
    result = open_temuan_from_finding(app, staff("analis"), finding_id, now=NOW)
    again = open_temuan_from_finding(app, staff("analis"), finding_id, now=NOW)
    assert again.case_id == result.case_id
    with app.db.read() as conn:
        row = conn.execute(sa.select(cases)).one()
    assert (row.category, row.source_type, row.source_id, row.region_code) == (
        "hate_speech",
        "finding",
        str(finding_id),
        "15.71",
    )


def test_input_models_accept_what_the_web_form_sends() -> None:
    form = {"pelapor": {"name": "A B", "address": "Jambi"}, "known_at": "2024-11-20T12:00:00+07:00"}
    assert LaporanInput.model_validate(form).pelapor.nik is None
    assert (
        TemuanInput.model_validate(
            {"source_type": "coord_cluster", "source_id": "c-9", "summary": "klaster"}
        ).tlp.value
        == "amber"
    )
