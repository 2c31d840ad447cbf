"""Kab/kota-level F-rules: F03 last digit, F04 2BL, F05 whole-percentage heaping, F06 fingerprint.

One result per kab/kota (and paslon where it applies) in `table`; those below the screening
threshold (p < 0.01, or ≥ 5 % of TPS in the Klimek 'extreme' corner) also become findings.
Loops here run once per kab/kota and paslon (a few dozen), never per TPS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from awas.recap import stats
from awas.recap.findings_frame import SCHEMA

P_LIMIT = 0.01
MIN_COUNTS = 30  # fewer usable counts than this in a kab/kota: the digit tests are not run
CORNER = 0.95
CORNER_SHARE_LIMIT = 0.05
BINS = 20


@dataclass(slots=True)
class KabResults:
    findings: pl.DataFrame
    table: pl.DataFrame
    fingerprints: dict[str, dict[str, np.ndarray]]


def kab_tests(base: pl.DataFrame, paslon: list[str]) -> KabResults:
    rows: list[dict[str, Any]] = []
    prints: dict[str, dict[str, np.ndarray]] = {}
    winners = _winners(base, paslon)
    for (kab,), group in sorted(base.group_by("kode_kab"), key=lambda item: str(item[0][0])):
        for column in paslon:
            counts = group.get_column(column).drop_nulls().to_numpy()
            rows += _digit_tests(str(kab), column, counts)
        rows.append(_heaping(str(kab), group))
        row, prints[str(kab)] = _fingerprint(str(kab), group, winners[str(kab)])
        rows.append(row)
    table = pl.DataFrame(rows, infer_schema_length=None)
    return KabResults(_findings(table), table, prints)


def _winners(base: pl.DataFrame, paslon: list[str]) -> dict[str, str]:
    totals = base.group_by("kode_kab").agg(pl.col(paslon).sum())
    return {row[0]: paslon[int(np.argmax(row[1:]))] for row in totals.iter_rows()}


def _digit_tests(kab: str, column: str, counts: np.ndarray) -> list[dict[str, Any]]:
    usable = counts[counts >= 10].astype(np.int64)
    if usable.size < MIN_COUNTS:
        return []
    last = np.bincount(usable % 10, minlength=10)
    digits = np.floor(np.log10(usable)).astype(np.int64) + 1
    second = np.bincount((usable // 10 ** (digits - 2)) % 10, minlength=10)
    stat_l, p_l = stats.chi2_stat(last, np.full(10, 0.1))
    stat_s, p_s = stats.chi2_stat(second, stats.BENFORD_SECOND)
    common = {"kab": kab, "paslon": column.removeprefix("paslon_"), "n": int(usable.size)}
    return [
        {
            **common,
            "rule": "F03",
            "statistic": round(stat_l, 2),
            "p_value": p_l,
            "mean": round(float((usable % 10).mean()), 3),
            "expected_mean": 4.5,
        },
        {
            **common,
            "rule": "F04",
            "statistic": round(stat_s, 2),
            "p_value": p_s,
            "mean": round(float((second * np.arange(10)).sum() / usable.size), 3),
            "expected_mean": round(stats.BENFORD_SECOND_MEAN, 3),
        },
    ]


def _heaping(kab: str, group: pl.DataFrame) -> dict[str, Any]:
    dpt = group.get_column("dpt").to_numpy()
    voters = group.get_column("voters").to_numpy()
    whole = ((100 * voters) % dpt == 0).sum()
    p = stats.integer_percent_probability(dpt)
    expected, sd = p.sum(), np.sqrt((p * (1 - p)).sum())
    z = float((whole - expected) / sd) if sd > 0 else 0.0
    p_value = stats.chi2_sf(z * z, 1) / 2 if z > 0 else 1.0  # one-sided: only excess heaping is suspicious
    return {
        "kab": kab,
        "paslon": None,
        "rule": "F05",
        "n": int(dpt.size),
        "statistic": round(z, 2),
        "p_value": p_value,
        "mean": int(whole),
        "expected_mean": round(float(expected), 1),
    }


def _fingerprint(kab: str, group: pl.DataFrame, winner: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    turnout = np.clip(group.get_column("turnout").to_numpy(), 0, 1)
    share = group.get_column(f"share_{winner}").to_numpy()
    hist, _, _ = np.histogram2d(turnout, share, bins=BINS, range=[[0, 1], [0, 1]])
    corner = float(((turnout >= CORNER) & (share >= CORNER)).mean())
    corr = (
        float(np.corrcoef(turnout, share)[0, 1])
        if turnout.size > 2 and turnout.std() > 0 and share.std() > 0
        else 0.0
    )
    row = {
        "kab": kab,
        "paslon": winner.removeprefix("paslon_"),
        "rule": "F06",
        "n": int(turnout.size),
        "statistic": round(corr, 3),
        "p_value": None,
        "mean": round(corner, 4),
        "expected_mean": None,
    }
    return row, {"hist": hist, "turnout": turnout, "share": share, "winner": np.array([winner])}


def _flagged(row: dict[str, Any]) -> bool:
    if row["rule"] == "F06":
        return bool(row["mean"] >= CORNER_SHARE_LIMIT)
    return row["p_value"] is not None and row["p_value"] < P_LIMIT


MESSAGES = {
    "F03": "Skrining: sebaran angka terakhir perolehan paslon {paslon} di {kab} tidak seragam "
    "(p = {p:.4f}, n = {n})",
    "F04": "Skrining: digit kedua perolehan paslon {paslon} di {kab} menyimpang dari 2BL "
    "(rata-rata {mean}, harapan 4,187; p = {p:.4f})",
    "F05": "Skrining: {mean} TPS dengan partisipasi persen bulat di {kab}, harapan {expected} (z = {stat})",
    "F06": "Skrining: {share}% TPS di {kab} berada di pojok partisipasi ≥95% dan suara pemenang ≥95% "
    "(korelasi {stat})",
}


def _findings(table: pl.DataFrame) -> pl.DataFrame:
    from awas.recap.forensics import CAVEATS

    rows = []
    for row in (r for r in table.iter_rows(named=True) if _flagged(r)):
        text = MESSAGES[row["rule"]].format(
            paslon=row["paslon"],
            kab=row["kab"],
            p=row["p_value"] or 0.0,
            n=row["n"],
            mean=row["mean"],
            expected=row["expected_mean"],
            stat=row["statistic"],
            share=round(100 * (row["mean"] or 0), 1),
        )
        values = {k: row[k] for k in ("n", "statistic", "p_value", "mean", "expected_mean")} | {
            "caveat": CAVEATS[row["rule"]]
        }
        rows.append(
            (
                row["rule"],
                row["kab"],
                "kabkota",
                row["paslon"],
                json.dumps(values, ensure_ascii=False),
                text + "; bukan bukti pelanggaran",
            )
        )
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
