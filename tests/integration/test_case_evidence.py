"""Evidence names cases through the cases capability (`CaseEvidenceProvider`) and gathers what a case
was opened from, so a package and its berita acara carry the real case number, title and status."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from awas.app import App
from awas.cases.access import Principal
from awas.cases.api import case_header
from awas.escalate import open_case_from_cluster, open_case_from_finding
from awas.evidence.package_verify import verify_package
from awas.evidence.providers import CASE_PROVIDERS, case_subjects
from awas.evidence.providers import case_header as evidence_case_header
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from tests.integration.conftest import cluster_in_store, money_finding


def test_the_cases_capability_is_the_registered_provider() -> None:
    assert "cases" in CASE_PROVIDERS.names()


def test_a_case_is_named_by_its_number_given_by_id_or_number(
    app: App, analyst: Principal, tmp_path: Path
) -> None:
    finding_id = money_finding(app, tmp_path)
    case = open_case_from_finding(app, analyst, finding_id).case
    for ref in (str(case.case_id), case.number, case.number.lower()):
        header = evidence_case_header(app, ref)
        assert (header.case_id, header.number) == (str(case.case_id), case.number)
        assert header.status == "Diterima" and header.details["kategori"] == "money_politics"
    subjects = case_subjects(app, case.number)
    assert Subject(SubjectType.CASE, str(case.case_id)) in subjects
    assert Subject(SubjectType.FINDING, str(finding_id)) in subjects
    assert Subject(SubjectType.POST, "x:u1") in subjects


def test_an_unknown_case_is_named_as_given_and_gathers_only_its_own_links(app: App) -> None:
    header = evidence_case_header(app, "2024-001")
    assert (header.case_id, header.number, header.title) == ("2024-001", "2024-001", "")
    assert case_subjects(app, "2024-001") == [Subject(SubjectType.CASE, "2024-001")]
    assert evidence_case_header(app, "99999").number == "99999"


def test_a_cluster_case_package_carries_the_case_and_verifies(
    app: App, analyst: Principal, tmp_path: Path
) -> None:
    opened = open_case_from_cluster(app, analyst, cluster_in_store(app, tmp_path))
    assert Subject(SubjectType.CLUSTER, opened.source.split(":", 1)[1]) in case_subjects(
        app, str(opened.case.case_id)
    )
    out = tmp_path / "paket.zip"
    result = EvidenceService(app).export(opened.case.number, out, actor="analis", reason="uji")
    assert result.capture_count == 12
    with zipfile.ZipFile(out) as package:
        manifest = json.loads(package.read("manifest.json"))
    title = case_header(app, opened.case.case_id).title
    assert manifest["case"]["number"] == opened.case.number and manifest["case"]["title"] == title
    assert manifest["case"]["details"]["kategori"] == "unregistered_campaign_account"
    assert verify_package(out).ok
