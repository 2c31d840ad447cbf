"""F-rules: statistical screening per kab/kota (specs/recap-rules.md §5). Ranking only.

Never pooled over the province (regional mixes cause false alarms). These rank TPS and kab/kota
for a human to look at the C.Hasil photo and D.Hasil form; they never produce a violation, and
every output carries its false-positive caveat (`CAVEATS`).
F01 turnout outlier, F02 vote-share outlier (robust z within kab/kota, |z| ≥ 3.5), F03 last-digit
uniformity (counts ≥ 10), F04 Mebane's second-digit (2BL) test, F05 whole-percentage heaping
against a null built from each TPS's own size, F06 Klimek turnout × vote-share fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from awas.recap.fields import paslon_columns
from awas.recap.findings_frame import SCHEMA, collect, finding_columns, values_json
from awas.recap.forensics_kab import kab_tests
from awas.recap.rules_tps import VALL, VSUM, c
from awas.recap.stats import MAD_TO_SIGMA

Z_LIMIT = 3.5
CAVEATS = {
    "F01": "Skrining, bukan bukti: partisipasi tinggi/rendah bisa wajar (TPS khusus, DPTb, cuaca).",
    "F02": "Skrining, bukan bukti: basis dukungan lokal dan pemilih blok wajar menghasilkan pencilan.",
    "F03": "Uji angka terakhir lemah untuk hitungan kecil; hasil uji tidak membedakan pemilu bersih "
    "dan bermasalah secara andal.",
    "F04": "Uji 2BL (Mebane) kontroversial: penyimpangan muncul juga pada pemilu jujur dan karena "
    "pemilih strategis (Deckert, Myagkov & Ordeshook 2011).",
    "F05": "Persentase bulat wajar lebih sering pada TPS kecil; dibandingkan dengan model nol "
    "berdasarkan ukuran tiap TPS, tetap hanya petunjuk.",
    "F06": "Sidik jari Klimek dipengaruhi keragaman wilayah (kota/desa, pemilih blok); "
    "dihitung per kab/kota, tetap hanya petunjuk.",
}


@dataclass(slots=True)
class Screening:
    findings: pl.DataFrame
    kab_table: pl.DataFrame  # every kab-level test result (flagged or not), for the report
    fingerprints: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)


def screening(prepared: pl.LazyFrame) -> Screening:
    """All F-rules over a prepared TPS frame (see `rules_tps.prepare`)."""
    paslon = paslon_columns(prepared.collect_schema().names())
    base = collect(_base(prepared, paslon))
    if base.height == 0:
        return Screening(pl.DataFrame(schema=SCHEMA), pl.DataFrame())
    outliers = [_turnout_outliers(base), _share_outliers(base, paslon)]
    kab = kab_tests(base, paslon)
    findings = pl.concat([collect(o) for o in outliers] + [kab.findings], how="vertical")
    return Screening(findings, kab.table, kab.fingerprints)


def _base(prepared: pl.LazyFrame, paslon: list[str]) -> pl.LazyFrame:
    usable = pl.col(VALL) & (c("pemilih_dpt_j") > 0) & (c("pengguna_total_j") > 0) & (pl.col(VSUM) > 0)
    return prepared.filter(usable.fill_null(False)).select(
        "kode_tps",
        "kode_kab",
        c("pemilih_dpt_j").alias("dpt"),
        c("pengguna_total_j").alias("voters"),
        pl.col(VSUM).alias("votes"),
        (c("pengguna_total_j") / c("pemilih_dpt_j")).alias("turnout"),
        *(c(p) for p in paslon),
        *((c(p) / pl.col(VSUM)).alias(f"share_{p}") for p in paslon),
    )


def robust_z(column: str, by: str | list[str]) -> pl.Expr:
    median = pl.col(column).median().over(by)
    mad = (pl.col(column) - median).abs().median().over(by)
    return pl.when(mad > 0).then(MAD_TO_SIGMA * (pl.col(column) - median) / mad).otherwise(None)


def _turnout_outliers(base: pl.DataFrame) -> pl.LazyFrame:
    scored = base.lazy().with_columns(
        robust_z("turnout", "kode_kab").alias("z"),
        pl.col("turnout").median().over("kode_kab").alias("median"),
    )
    flagged = scored.filter(pl.col("z").abs() >= Z_LIMIT).with_columns(
        pl.col("z").abs().rank("ordinal", descending=True).over("kode_kab").alias("rank")
    )
    values = values_json(
        kab=pl.col("kode_kab"),
        turnout=pl.col("turnout").round(4),
        median=pl.col("median").round(4),
        robust_z=pl.col("z").round(2),
        rank=pl.col("rank"),
        caveat=pl.lit(CAVEATS["F01"]),
    )
    message = pl.format(
        "Skrining: partisipasi {}% (median kab/kota {}%, z = {}), peringkat {} di {}; "
        "bukan bukti pelanggaran",
        (pl.col("turnout") * 100).round(1),
        (pl.col("median") * 100).round(1),
        pl.col("z").round(1),
        pl.col("rank"),
        pl.col("kode_kab"),
    )
    return flagged.select(finding_columns("F01", pl.col("kode_tps"), "tps", values, message))


def _share_outliers(base: pl.DataFrame, paslon: list[str]) -> pl.LazyFrame:
    long = base.lazy().unpivot(
        [f"share_{p}" for p in paslon],
        index=["kode_tps", "kode_kab"],
        variable_name="paslon",
        value_name="share",
    )
    long = long.with_columns(pl.col("paslon").str.replace("share_paslon_", "", literal=True))
    scored = long.with_columns(
        robust_z("share", ["kode_kab", "paslon"]).alias("z"),
        pl.col("share").median().over("kode_kab", "paslon").alias("median"),
    )
    flagged = scored.filter(pl.col("z").abs() >= Z_LIMIT).with_columns(
        pl.col("z").abs().rank("ordinal", descending=True).over("kode_kab", "paslon").alias("rank")
    )
    values = values_json(
        kab=pl.col("kode_kab"),
        share=pl.col("share").round(4),
        median=pl.col("median").round(4),
        robust_z=pl.col("z").round(2),
        rank=pl.col("rank"),
        caveat=pl.lit(CAVEATS["F02"]),
    )
    message = pl.format(
        "Skrining: perolehan paslon {} {}% (median kab/kota {}%, z = {}), peringkat {} di {}; "
        "bukan bukti pelanggaran",
        pl.col("paslon"),
        (pl.col("share") * 100).round(1),
        (pl.col("median") * 100).round(1),
        pl.col("z").round(1),
        pl.col("rank"),
        pl.col("kode_kab"),
    )
    return flagged.select(
        finding_columns("F02", pl.col("kode_tps"), "tps", values, message, pl.col("paslon"))
    )
