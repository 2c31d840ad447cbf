"""The recap audit partitioned by province on Ray equals the local audit of the same frames."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from bench.recap_data import sample

from awas.recap.engine import RaceInput, run_audit
from awas.scale.engine import EngineChoice, LocalEngine, open_engine
from awas.scale.recap_run import WHOLE, engine_auditor, provinces


def three_provinces(total: int = 9_000) -> pl.DataFrame:
    """The bundled real TPS sample replicated under codes of provinces 11, 12 and 13."""
    rows = sample()
    index = pl.int_range(0, total, eager=True)
    frame = rows[(index % rows.height).to_list()]
    desa = index // 10
    desa_code = pl.concat_str(
        (11 + desa // 300).cast(pl.String),
        ((desa // 60) % 5 + 1).cast(pl.String).str.zfill(2),
        ((desa // 10) % 6 + 1).cast(pl.String).str.zfill(2),
        (2001 + desa % 10).cast(pl.String),
    )
    tps = ((index % 10) + 1).cast(pl.String)
    return frame.with_columns(
        (desa_code + tps.str.zfill(3)).alias("kode_tps"),
        desa_code.str.slice(0, 4).alias("kode_kab"),
        desa_code.str.slice(0, 6).alias("kode_kec"),
        desa_code.alias("kode_desa"),
        tps.alias("tps_no"),
    )


@pytest.fixture(scope="module")
def tps(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    from awas.recap.paslon_map import directory_from_reference
    from awas.recap.sources import parse_inputs

    path = tmp_path_factory.mktemp("recap") / "tps.csv"
    three_provinces().write_csv(path)
    return parse_inputs([path], directory_from_reference(None), None)[0].frame


def _same(a: object, b: object) -> None:
    assert a.units == b.units  # type: ignore[attr-defined]
    assert a.families == b.families  # type: ignore[attr-defined]
    assert a.findings.equals(b.findings)  # type: ignore[attr-defined]
    assert a.json_text() == b.json_text()  # type: ignore[attr-defined]


def test_partitions_follow_the_province_digits(tps: pl.DataFrame) -> None:
    assert provinces([RaceInput("ppwp", tps=[tps])]) == ["11", "12", "13"]
    national = pl.DataFrame({"unit": ["0", "11"], "paslon": ["a", "a"]})
    assert provinces([RaceInput("ppwp", aggregates=[national])]) == [WHOLE]


def test_partitioned_audit_on_the_local_engine_equals_the_plain_audit(
    tps: pl.DataFrame, tmp_path: Path
) -> None:
    inputs = [RaceInput("ppwp", tps=[tps])]
    local = run_audit(inputs)
    assert local.findings.height > 100 and set(local.summary) >= {"F01", "F02"}
    _same(engine_auditor(LocalEngine(), tmp_path)(inputs), local)
    assert not (tmp_path / "scale" / "recap").exists() or not any((tmp_path / "scale" / "recap").iterdir())


@pytest.mark.ray
@pytest.mark.usefixtures("ray_cluster")
def test_ray_audit_by_province_equals_the_local_audit(tps: pl.DataFrame, tmp_path: Path) -> None:
    inputs = [RaceInput("ppwp", tps=[tps])]
    with open_engine(EngineChoice.parse("ray")) as engine:
        _same(engine_auditor(engine, tmp_path)(inputs), run_audit(inputs))
