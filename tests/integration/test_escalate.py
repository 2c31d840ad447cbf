"""Escalation: a cluster, a detection finding and a recap finding become temuan with their evidence."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal
from awas.cases.api import case_header
from awas.cases.tables import cases
from awas.coord.config import Kind
from awas.coord.query import list_clusters
from awas.coord.service import detect_in_store
from awas.detect.service import run_detection
from awas.errors import InputError, NotFoundError, PermissionDenied
from awas.escalate import open_case_from_cluster, open_case_from_finding, open_case_from_recap_finding
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.evidence.tables import evidence_captures
from awas.recap import queries as recap_queries
from tests.integration.conftest import (
    FIXED,
    MONEY,
    T0,
    cluster_in_store,
    count,
    import_posts,
    money_finding,
    record,
)

MONEY_2 = [
    "Yang belum dapat amplop serangan fajar 150 ribu hubungi koordinator RT malam ini juga",
    "Yg belum dapat amplop serangan fajar 150 ribu hubungi koordinator RT malam ini juga ya",
    "Yang belum dapat amplop serangan fajar 150rb hubungi koordinator RT malam ini juga",
]


def test_a_cluster_opens_once_as_a_temuan_with_each_post_captured(
    app: App, analyst: Principal, tmp_path: Path
) -> None:
    cluster_id = cluster_in_store(app, tmp_path)
    first = open_case_from_cluster(app, analyst, cluster_id)
    assert not first.case.merged and first.source == f"coord_cluster:{cluster_id}"
    assert len(first.evidence.captured) == 12 and not first.evidence.already and not first.evidence.failed
    header = case_header(app, first.case.case_id)
    assert (header.kind, header.category) == ("temuan", "unregistered_campaign_account")
    with app.db.read() as conn:
        row = conn.execute(sa.select(cases).where(cases.c.id == first.case.case_id)).one()
    assert (row.source_type, row.source_id, row.election_id) == (
        "coord_cluster",
        cluster_id,
        "pilgub-15-2024",
    )
    captures = count(app, evidence_captures)
    again = open_case_from_cluster(app, analyst, cluster_id)
    assert again.case.merged and again.case.case_id == first.case.case_id
    assert not again.evidence.captured and sorted(again.evidence.already) == sorted(first.evidence.captured)
    assert count(app, evidence_captures) == captures and count(app, cases) == 1
    linked = EvidenceService(app).artefacts_of(Subject(SubjectType.CASE, str(first.case.case_id)))
    assert {a.kind for a in linked} >= {"raw_record", "text", "metadata"}


def test_a_cluster_without_a_coordination_category_takes_the_one_detection_found(
    app: App, analyst: Principal, tmp_path: Path
) -> None:
    rows = [
        record(f"m{w}{i}", f"amplop{i}", T0 + timedelta(days=w, seconds=20 * i), texts[i % 3])
        for w, texts in enumerate((MONEY, MONEY_2))
        for i in range(5)
    ]
    import_posts(app, rows, tmp_path)
    run_detection(app, "test")
    detect_in_store(app, config=FIXED, linker=lambda _text: ())
    cluster_id = list_clusters(app, kind=Kind.NEAR_DUPLICATE_TEXT)[0].id
    result = open_case_from_cluster(app, analyst, cluster_id)
    assert case_header(app, result.case.case_id).category == "money_politics"


def test_someone_who_may_not_open_cases_gets_no_case_and_no_capture(
    app: App, partner: Principal, tmp_path: Path
) -> None:
    cluster_id = cluster_in_store(app, tmp_path)
    with pytest.raises(PermissionDenied):
        open_case_from_cluster(app, partner, cluster_id)
    assert count(app, cases) == 0 and count(app, evidence_captures) == 0
    with pytest.raises(NotFoundError):
        open_case_from_cluster(app, partner, "ndt-0000000000")


def test_a_detection_finding_opens_once_with_its_post_captured(
    app: App, analyst: Principal, tmp_path: Path
) -> None:
    finding_id = money_finding(app, tmp_path)
    first = open_case_from_finding(app, analyst, finding_id)
    assert case_header(app, first.case.case_id).category == "money_politics"
    assert len(first.evidence.captured) == 1
    again = open_case_from_finding(app, analyst, finding_id)
    assert again.case.merged and again.evidence.already == first.evidence.captured
    assert count(app, evidence_captures) == 1
    with pytest.raises(NotFoundError):
        open_case_from_finding(app, analyst, 999_999)


def test_a_finding_can_be_opened_without_capturing(app: App, analyst: Principal, tmp_path: Path) -> None:
    result = open_case_from_finding(app, analyst, money_finding(app, tmp_path), capture=False)
    assert not result.evidence.captured and count(app, evidence_captures) == 0


def test_a_recap_finding_becomes_an_administrative_temuan_once(audited: App, analyst: Principal) -> None:
    finding = recap_queries.findings(audited, unit="1501092012003", rules=("C08",))[0]
    first = open_case_from_recap_finding(audited, analyst, finding.id)
    again = open_case_from_recap_finding(audited, analyst, finding.id)
    assert again.case.merged and again.case.case_id == first.case.case_id
    with audited.db.read() as conn:
        row = conn.execute(sa.select(cases).where(cases.c.id == first.case.case_id)).one()
    assert (row.source_type, row.source_id, row.track) == ("recap_anomaly", str(finding.id), "administrasi")
    assert row.region_code == "15.01.09.2012" and "C08" in row.title and "DPT" in row.description


def test_a_statistical_screening_finding_is_refused_with_its_reason(audited: App, analyst: Principal) -> None:
    screening = recap_queries.findings(audited, rules=("F01",), limit=1)[0]
    with pytest.raises(InputError) as refused:
        open_case_from_recap_finding(audited, analyst, screening.id)
    problem = refused.value.problems[0]
    assert problem.field == "rule" and "skrining statistik" in problem.reason
    assert count(audited, cases) == 0
