"""C01–C11 on hand-checked rows and on the real sample against the independent oracle."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from awas.recap.engine import RaceInput, run_audit
from awas.recap.fields import ADMIN_FIELDS, BALLOT_FIELDS
from awas.recap.findings_frame import concat
from awas.recap.paslon_map import directory_from_reference
from awas.recap.rules_tps import prepare, tps_findings
from awas.recap.sources import parse_inputs
from tests.recap.conftest import TPS_SAMPLE

CLEAN: dict[str, Any] = {
    "kode_tps": "1501011004002", "paslon_01": 43, "paslon_02": 108, "paslon_03": 10,
    "pemilih_dpt_j": 222, "pemilih_dpt_l": 106, "pemilih_dpt_p": 116,
    "pengguna_dpt_j": 166, "pengguna_dpt_l": 75, "pengguna_dpt_p": 91,
    "pengguna_dptb_j": 3, "pengguna_dptb_l": 2, "pengguna_dptb_p": 1,
    "pengguna_non_dpt_j": 2, "pengguna_non_dpt_l": 2, "pengguna_non_dpt_p": 0,
    "pengguna_total_j": 171, "pengguna_total_l": 79, "pengguna_total_p": 92,
    "suara_sah": 161, "suara_tidak_sah": 10, "suara_total": 171,
}  # fmt: skip


def fired(**changes: Any) -> set[str]:
    row = CLEAN | changes
    columns = ["kode_tps", "paslon_01", "paslon_02", "paslon_03", *ADMIN_FIELDS, *BALLOT_FIELDS]
    frame = pl.DataFrame([row], schema={c: pl.String if c == "kode_tps" else pl.Int32 for c in columns})
    frame = frame.with_columns(pl.lit("1501").alias("kode_kab"))
    return set(concat(tps_findings(prepare(frame))).get_column("rule"))


def test_a_consistent_tps_fires_nothing() -> None:
    assert fired() == set()


@pytest.mark.parametrize(
    ("changes", "rules"),
    [
        ({"paslon_01": 44}, {"C01"}),
        ({"suara_tidak_sah": 11}, {"C02"}),
        ({"suara_total": 172, "suara_tidak_sah": 11}, {"C03"}),
        ({"pengguna_dptb_j": 4}, {"C04"}),
        ({"pengguna_total_l": 80}, {"C05"}),
        ({"pemilih_dpt_l": 107}, {"C06"}),
        ({"pengguna_dpt_j": 223}, {"C04", "C09"}),
    ],
)
def test_each_rule_fires_on_its_own_inconsistency(changes: dict[str, Any], rules: set[str]) -> None:
    assert fired(**changes) == rules


def test_the_two_percent_reserve_is_exact_not_floating_point() -> None:
    # DPT 150 → 1.02 × DPT = 153 exactly: 153 voters is allowed, 154 is not (C07); same for votes (C08).
    base = {"pemilih_dpt_j": 150, "pemilih_dpt_l": 75, "pemilih_dpt_p": 75}
    at_limit = {
        "paslon_01": 53,
        "paslon_02": 90,
        "paslon_03": 10,
        "suara_sah": 153,
        "suara_tidak_sah": 0,
        "suara_total": 153,
    }
    voters = {"pengguna_total_j": 153, "pengguna_total_l": 76, "pengguna_total_p": 77, "pengguna_dpt_j": 148}
    assert fired(**base, **at_limit, **voters) == set()
    over = {
        "paslon_01": 54,
        "suara_sah": 154,
        "suara_total": 154,
        "pengguna_total_j": 154,
        "pengguna_total_l": 77,
        "pengguna_dpt_j": 149,
    }
    assert fired(**base | at_limit | voters | over) >= {"C07", "C08"}


def test_a_rule_never_fires_on_missing_fields() -> None:
    assert fired(suara_sah=None, suara_total=None) == set()
    assert fired(pengguna_total_j=None) == {"C10"}  # votes present, U missing: only C10
    assert fired(paslon_01=None) == set()


def test_votes_without_administration_is_c10() -> None:
    assert fired(pemilih_dpt_j=0) >= {"C10"}
    assert fired(pemilih_dpt_j=None, pemilih_dpt_l=None, pemilih_dpt_p=None) == {"C10"}


def test_range_check_c11_names_the_count() -> None:
    assert "C11" in fired(paslon_02=1008, suara_sah=1061, suara_total=1071)


def test_the_real_sample_matches_the_independent_oracle(oracle: dict[str, list[str]]) -> None:
    parsed = parse_inputs([TPS_SAMPLE], directory_from_reference(None), None)
    outcome = run_audit([RaceInput(parsed[0].race, tps=[parsed[0].frame])])
    for rule, units in oracle.items():
        got = outcome.findings.filter(pl.col("rule") == rule).get_column("unit").to_list()
        assert sorted(got) == sorted(units), rule
    assert parsed[0].race == "ppwp" and outcome.units == 2752
