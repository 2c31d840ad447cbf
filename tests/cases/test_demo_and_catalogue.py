"""The demo step (idempotent, several states, one overdue, one routed to a partner), completing a
report, the workflow catalogue's cross-checks, and case_header for other capabilities."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal, principal_for
from awas.cases.demo import load_demo_cases
from awas.cases.intake import open_laporan
from awas.cases.intake_models import EvidenceRef, LaporanSupplement
from awas.cases.queries import CaseFilter, can_view, case_header, list_cases
from awas.cases.supplement import supplement_laporan
from awas.cases.tables import case_reporters, cases
from awas.cases.workflow import TransitionRequest, transition
from awas.errors import InputError, NotFoundError, PermissionDenied
from awas.reference.package import bundled_package_dir
from awas.reference.validate import validate_package
from tests.cases.conftest import NOW, PELAPOR, count, laporan
from tests.reference.conftest import replace_in

Staff = Callable[[str], Principal]


@pytest.mark.slow
def test_the_demo_creates_cases_in_several_states_once(app: App) -> None:
    first = load_demo_cases(app, "demo")
    second = load_demo_cases(app, "demo")
    assert first.summary["perkara baru"] == 7 and second.summary["perkara baru"] == 0
    assert first.summary["lewat tenggat"] == 1 and first.summary["diteruskan ke mitra Satgas (KPID)"] == 1
    board = list_cases(app, principal_for(app, "admin.bawaslu"), CaseFilter(open_only=False))
    states = {"diregistrasi", "diteruskan", "ditindaklanjuti_instansi", "selesai", "tidak_diregistrasi"}
    assert {s.header.status for s in board} >= states
    assert {s.header.handler for s in board} >= {"gakkumdu", "kpid", "kasn", "bkn"}
    assert count(app, case_reporters) == 5  # the second vote-buying report was merged, not a new case
    assert [s.header.handler for s in list_cases(app, principal_for(app, "liaison.kpid"))] == ["kpid"]


def test_a_report_completed_by_the_pelapor_can_be_registered(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(
        app, analis, laporan(signed=False, evidence=[], pelapor={**PELAPOR, "nik": None}), now=NOW
    )
    assert {r.id for r in case.requirements if not r.met} == {"tanda_tangan", "bukti", "identitas_pelapor"}
    for step in ("kajian_awal", "perlu_dilengkapi"):
        transition(app, analis, case.case_id, TransitionRequest(step, reason="mohon dilengkapi"), now=NOW)
    supplement = LaporanSupplement(
        signed=True, nik="1571020304850007", evidence=[EvidenceRef(description="video")]
    )
    results = supplement_laporan(app, analis, case.case_id, supplement, now=NOW)
    assert all(r.met for r in results)
    for step in ("kajian_awal", "diregistrasi"):
        transition(app, analis, case.case_id, TransitionRequest(step), now=NOW)
    with pytest.raises(PermissionDenied, match="belum diregistrasi"):
        supplement_laporan(app, analis, case.case_id, LaporanSupplement(signed=True), now=NOW)


def test_case_header_serves_the_evidence_berita_acara(app: App, staff: Staff) -> None:
    case = open_laporan(app, staff("analis"), laporan(), now=NOW)
    header = case_header(app, case.case_id)
    assert (header.number, header.status, header.category, header.handler) == (
        case.number,
        "diterima",
        "money_politics",
        None,
    )
    assert case_header(app, case.number).id == case.case_id
    assert can_view(app, staff("analis"), case.case_id) and not can_view(
        app, staff("liaison.kpid"), case.case_id
    )
    with pytest.raises(NotFoundError):
        case_header(app, case.case_id, staff("liaison.kpid"))
    with pytest.raises(NotFoundError):
        case_header(app, 999)


def test_the_bundled_workflow_catalogue_is_valid() -> None:
    package = validate_package(bundled_package_dir())
    assert len(package.rows("case_statuses.csv")) == 11
    assert {r["id"] for r in package.rows("case_statuses.csv")} == {
        "diterima", "kajian_awal", "perlu_dilengkapi", "tidak_diregistrasi", "diregistrasi", "klarifikasi",
        "kajian", "dihentikan", "diteruskan", "ditindaklanjuti_instansi", "selesai",
    }  # fmt: skip
    assert all(r["status"] == "unverified" for r in package.rows("case_statuses.csv"))


ROLES = "admin;analyst;investigator,owner,,false,false"
MISTAKES = [
    ("case_transitions.csv", "kajian,dihentikan,", "kajian,dibubarkan,", "to_status", "not in case_statuses"),
    ("case_transitions.csv", ROLES, "admin;hakim,owner,,false,false", "roles", "unknown role"),
    ("routing_rules.csv", ",dkpp,", ",mahkamah,", "handler", "not in handlers.csv"),
    ("routing_rules.csv", "hukum_lain,*,asn,", "hukum_lain,*,pns,", "actor", "unknown actor"),
    ("track_rules.csv", "official_neutrality,asn,", "netralitas,asn,", "category", "not in categories.csv"),
    ("case_clock_rules.csv", "report_window,", "report_windows,", "clock_id", "not in clocks.csv"),
    (
        "intake_requirements.csv",
        "formil,laporan,Pihak",
        "formil,pengaduan,Pihak",
        "applies_to",
        "unknown case kind",
    ),
    ("tlp_clearances.csv", "kpid,amber", "kpid,orange", "max_tlp", "is not one of"),
    ("clocks.csv", "temuan,temuan_decision_due,", "temuan,decision_due,", "anchor", "applies to laporan"),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "words"), MISTAKES)
def test_workflow_catalogue_mistakes_are_named(
    tmp_path: Path, file: str, old: str, new: str, field: str, words: str
) -> None:
    folder = tmp_path / "package"
    shutil.copytree(bundled_package_dir(), folder)
    replace_in(folder / file, old, new)
    with pytest.raises(InputError) as info:
        validate_package(folder)
    assert any(
        Path(p.file).name == file and p.field == field and words in p.reason and p.line
        for p in info.value.problems
    ), info.value.problems


def test_the_workflow_files_come_together(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    shutil.copytree(bundled_package_dir(), folder)
    (folder / "routing_rules.csv").unlink()
    with pytest.raises(InputError, match="routing_rules.csv"):
        validate_package(folder)
    for name in ("case_statuses.csv", "case_transitions.csv", "case_clock_rules.csv", "track_rules.csv",
                 "intake_requirements.csv", "tlp_clearances.csv"):  # fmt: skip
        (folder / name).unlink()
    assert validate_package(folder).rows("case_statuses.csv") == []  # an older package still validates


def test_cases_refuse_to_run_without_the_catalogue(empty_app: App) -> None:
    from awas.cases.catalogue import workflow_catalogue
    from awas.core.registry import SetupError

    with pytest.raises(SetupError, match="awas reference load"):
        workflow_catalogue(empty_app)
    with empty_app.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(cases)).scalar_one() == 0
