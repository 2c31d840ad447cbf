"""The `open-case` commands, as an analyst runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from awas.cases.access import Principal
from awas.recap import queries as recap_queries
from tests.integration.conftest import cluster_in_store, money_finding
from tests.support.cli import run_cli


def test_coord_open_case_prints_the_case_and_the_evidence(
    on_app_db: App, analyst: Principal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster_id = cluster_in_store(on_app_db, tmp_path)
    first = run_cli(capsys, "coord", "open-case", cluster_id, "--as", "analis", "--format", "json")
    assert first.code == 0, first.stderr
    opened = json.loads(first.stdout)
    assert opened["source"] == f"coord_cluster:{cluster_id}" and len(opened["evidence"]["captured"]) == 12
    again = run_cli(capsys, "coord", "open-case", cluster_id, "--as", "analis")
    assert again.code == 0 and "sudah dibuka sebelumnya" in again.stderr and "12 sudah ada" in again.stderr
    assert opened["case"]["number"] in again.stderr
    assert run_cli(capsys, "coord", "open-case", "ndt-none", "--as", "analis").code == 2
    assert run_cli(capsys, "coord", "open-case", cluster_id, "--as", "tidak.ada").code == 2


def test_case_open_from_finding_captures_the_post(
    on_app_db: App, analyst: Principal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    finding = str(money_finding(on_app_db, tmp_path))
    result = run_cli(capsys, "case", "open", "--from-finding", finding, "--as", "analis", "--format", "json")
    assert result.code == 0, result.stderr
    opened = json.loads(result.stdout)
    assert opened["source"] == f"finding:{finding}" and len(opened["evidence"]["captured"]) == 1
    shown = run_cli(capsys, "case", "show", opened["case"]["number"], "--as", "analis", "--format", "json")
    assert json.loads(shown.stdout)["summary"]["header"]["category"] == "money_politics"


def test_recap_open_case_opens_a_rule_finding_and_refuses_a_screening_one(
    on_app_db: App, analyst: Principal, audited: App, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = recap_queries.findings(on_app_db, unit="1501092012003", rules=("C08",))[0]
    opened = run_cli(capsys, "recap", "open-case", str(rule.id), "--as", "analis", "--format", "json")
    assert opened.code == 0 and json.loads(opened.stdout)["case"]["number"].startswith("TM-")
    screening = recap_queries.findings(on_app_db, rules=("F02",), limit=1)[0]
    refused = run_cli(capsys, "recap", "open-case", str(screening.id), "--as", "analis")
    assert refused.code == 2 and "skrining statistik" in refused.stderr and "[rule]" in refused.stderr
    assert run_cli(capsys, "recap", "open-case", "99999999", "--as", "analis").code == 2
