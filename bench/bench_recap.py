"""Recap audit benchmark (issue 3).

    flock /tmp/awas-bench.lock .venv/bin/python bench/bench_recap.py [--repeat 3]

Inputs are built from the bundled real sample under bench/out/ (git-ignored; see recap_data.py):
all of Jambi at TPS level (11,160 TPS on the real desa codes, plus Sirekap-shaped aggregates for
X01), and 825,000 TPS under new codes as CSV and Parquet. Each case runs in a fresh process
(bench.harness.measure): median wall time and peak RSS. The pandas reference is a straightforward
vectorised implementation of C01–C10 alone, run on the same CSV.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402

from awas.app import App  # noqa: E402
from awas.recap import outputs, service  # noqa: E402
from awas.recap.engine import RaceInput, run_audit  # noqa: E402
from awas.recap.findings_frame import concat  # noqa: E402
from awas.recap.paslon_map import directory_from_reference  # noqa: E402
from awas.recap.read_table import read_header  # noqa: E402
from awas.recap.rules_tps import prepare, tps_findings  # noqa: E402
from awas.recap.sources import parse_inputs, read_tps_table  # noqa: E402
from awas.reference.loader import load_package  # noqa: E402
from awas.reference.package import bundled_package_dir  # noqa: E402
from awas.reference.validate import validate_package  # noqa: E402
from awas.settings import load_settings  # noqa: E402
from bench import recap_data  # noqa: E402
from bench.harness import header, measure, save  # noqa: E402


def full_audit(paths: list[str]) -> dict[str, Any]:
    """Parse the inputs and run every rule family (C, H, F on TPS; X01 against the aggregates); no DB."""
    parsed = parse_inputs([Path(p) for p in paths], directory_from_reference(None), None)
    by_race: dict[str, RaceInput] = {}
    for item in parsed:
        bucket = by_race.setdefault(item.race, RaceInput(item.race))
        (bucket.tps if item.kind.is_tps else bucket.aggregates).append(item.frame)
    outcome = run_audit(list(by_race.values()))
    text = outcome.json_text()
    Path(tempfile.gettempdir(), "awas-bench-audit.json").write_text(text)
    return {"units": outcome.units, "findings": outcome.findings.height, "summary": outcome.summary}


def stored_audit(paths: list[str]) -> dict[str, Any]:
    """As `awas recap audit PATH --format json --out FILE`: import (raw copy, Parquet frame), audit,
    store findings in SQLite, write the JSON. The database is migrated and loaded before timing."""
    home = Path(tempfile.mkdtemp())
    app = App(load_settings(home=home))
    app.upgrade_schema()
    load_package(app.db, validate_package(bundled_package_dir()))
    start = time.perf_counter()
    run = service.audit_inputs(app, [Path(p) for p in paths], actor="bench")
    (home / "audit.json").write_text(outputs.audit_text(run, outputs.AuditFormat.JSON))
    elapsed = time.perf_counter() - start
    return {"timed_seconds": elapsed, "findings": run.outcome.findings.height}


def c_rules_awas(path: str) -> dict[str, Any]:
    """C01–C10 only with awas: read + type/code checks + rules + findings table (no SHA-256: that
    belongs to snapshot storage, which the pandas reference does not do either)."""
    frame = read_tps_table(Path(path), read_header(Path(path)), None)
    found = concat(tps_findings(prepare(frame)))
    found = found.filter(pl.col("rule") != "C11")
    return {"findings": found.height}


def c_rules_pandas(path: str) -> dict[str, Any]:
    """Reference: a straightforward vectorised pandas implementation of C01–C10."""
    df = pd.read_csv(path, dtype={"kode_tps": str, "kode_kab": str, "kode_kec": str, "kode_desa": str})
    v = df[["paslon_01", "paslon_02", "paslon_03"]]
    all_v, vsum = v.notna().all(axis=1), v.sum(axis=1)
    dpt, u = df["pemilih_dpt_j"], df["pengguna_total_j"]
    sah, tsah, tot = df["suara_sah"], df["suara_tidak_sah"], df["suara_total"]
    rules = {
        "C01": all_v & sah.notna() & (vsum != sah),
        "C02": sah.notna() & tsah.notna() & tot.notna() & (sah + tsah != tot),
        "C03": (u > 0) & tot.notna() & (tot > u),
        "C04": (u > 0)
        & (df["pengguna_dpt_j"] + df["pengguna_dptb_j"] + df["pengguna_non_dpt_j"] != u)
        & df[["pengguna_dpt_j", "pengguna_dptb_j", "pengguna_non_dpt_j"]].notna().all(axis=1),
        "C05": (u > 0)
        & df[["pengguna_total_l", "pengguna_total_p"]].notna().all(axis=1)
        & (df["pengguna_total_l"] + df["pengguna_total_p"] != u),
        "C06": (dpt > 0)
        & df[["pemilih_dpt_l", "pemilih_dpt_p"]].notna().all(axis=1)
        & (df["pemilih_dpt_l"] + df["pemilih_dpt_p"] != dpt),
        "C07": (dpt > 0) & u.notna() & (u * 100 > dpt * 102),
        "C08": all_v & (dpt > 0) & (vsum * 100 > dpt * 102),
        "C09": (dpt > 0) & df["pengguna_dpt_j"].notna() & (df["pengguna_dpt_j"] > dpt),
        "C10": all_v & (vsum > 0) & ((dpt.fillna(0) == 0) | (u.fillna(0) == 0)),
    }
    found = sum(int(np.count_nonzero(mask.to_numpy())) for mask in rules.values())
    return {"findings": found}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    jambi = recap_data.jambi_tps()
    aggregates = recap_data.jambi_aggregates(jambi)
    csv, parquet = recap_data.national()
    header()
    target = "bench.bench_recap:"
    results = [
        measure(
            "Jambi 11,160 TPS + aggregates: full audit C, X, H, F (no DB)",
            target + "full_audit",
            args.repeat,
            paths=[str(jambi), str(aggregates)],
        ),
        measure(
            "Jambi 11,160 TPS + aggregates: audit with storage (SQLite)",
            target + "stored_audit",
            args.repeat,
            paths=[str(jambi), str(aggregates)],
        ),
        measure(
            "825,000 TPS CSV: full audit C, H, F to JSON (no DB)",
            target + "full_audit",
            args.repeat,
            paths=[str(csv)],
        ),
        measure(
            "825,000 TPS Parquet: full audit C, H, F to JSON (no DB)",
            target + "full_audit",
            args.repeat,
            paths=[str(parquet)],
        ),
        measure(
            "825,000 TPS CSV: audit with storage (SQLite)",
            target + "stored_audit",
            args.repeat,
            paths=[str(csv)],
        ),
        measure(
            "825,000 TPS CSV: C01–C10 only, awas (Polars)",
            target + "c_rules_awas",
            args.repeat,
            path=str(csv),
        ),
        measure(
            "825,000 TPS CSV: C01–C10 only, pandas reference",
            target + "c_rules_pandas",
            args.repeat,
            path=str(csv),
        ),
    ]
    ratio = results[-1].median_s / results[-2].median_s
    print(f"\npandas / awas (C01–C10, same CSV): {ratio:.1f}x", flush=True)
    save("recap", results, pandas_over_awas=round(ratio, 2))


if __name__ == "__main__":
    main()
