"""TPS rules C01–C11 (specs/recap-rules.md §2), columnar.

A rule fires only where every field it names is present: Polars propagates nulls through the
arithmetic and a null condition never selects a row. `1.02 × DPT` is compared exactly as
`100 × x > 102 × DPT` in integers (the real-number product, without floating-point rounding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from awas.recap.fields import paslon_columns
from awas.recap.findings_frame import finding_columns, values_json

VSUM, VALL = "_vsum", "_vall"


def c(name: str) -> pl.Expr:
    """A count column as Int64 (stored as Int32; products must not overflow)."""
    return pl.col(name).cast(pl.Int64)


DPT, U = c("pemilih_dpt_j"), c("pengguna_total_j")
SAH, TSAH, TOTAL = c("suara_sah"), c("suara_tidak_sah"), c("suara_total")


@dataclass(frozen=True, slots=True)
class TpsRule:
    id: str
    name: str
    title: str  # Bahasa Indonesia, for reports
    fires: Callable[[list[str]], pl.Expr]
    values: Callable[[list[str]], dict[str, pl.Expr]]
    message: Callable[[list[str]], pl.Expr]


def _range_hit(paslon: list[str]) -> list[pl.Expr]:
    return [((c(p) > 999) | ((DPT > 0) & (c(p) > DPT))).fill_null(False) for p in paslon]


def _range_field(paslon: list[str]) -> pl.Expr:
    return pl.coalesce(
        [pl.when(hit).then(pl.lit(p)) for p, hit in zip(paslon, _range_hit(paslon), strict=True)]
    )


def _range_value(paslon: list[str]) -> pl.Expr:
    return pl.coalesce([pl.when(hit).then(c(p)) for p, hit in zip(paslon, _range_hit(paslon), strict=True)])


RULES: tuple[TpsRule, ...] = (
    TpsRule(
        "C01",
        "votes_sum_ne_valid",
        "Jumlah suara paslon ≠ suara sah",
        lambda v: pl.col(VALL) & (pl.col(VSUM) != SAH),
        lambda v: {"votes_sum": pl.col(VSUM), "suara_sah": SAH},
        lambda v: pl.format("Jumlah suara paslon ({}) tidak sama dengan suara sah ({})", pl.col(VSUM), SAH),
    ),
    TpsRule(
        "C02",
        "valid_invalid_ne_total",
        "Suara sah + tidak sah ≠ total suara",
        lambda v: SAH + TSAH != TOTAL,
        lambda v: {"suara_sah": SAH, "suara_tidak_sah": TSAH, "suara_total": TOTAL},
        lambda v: pl.format(
            "Suara sah ({}) + tidak sah ({}) tidak sama dengan total suara ({})", SAH, TSAH, TOTAL
        ),
    ),
    TpsRule(
        "C03",
        "ballots_gt_voters",
        "Total suara > pengguna hak pilih",
        lambda v: (U > 0) & (TOTAL > U),
        lambda v: {"suara_total": TOTAL, "pengguna_total_j": U},
        lambda v: pl.format("Total suara ({}) melebihi jumlah pengguna hak pilih ({})", TOTAL, U),
    ),
    TpsRule(
        "C04",
        "voter_parts_ne_total",
        "Pengguna DPT + DPTb + DPK ≠ total pengguna",
        lambda v: (U > 0) & (c("pengguna_dpt_j") + c("pengguna_dptb_j") + c("pengguna_non_dpt_j") != U),
        lambda v: {
            "pengguna_dpt_j": c("pengguna_dpt_j"),
            "pengguna_dptb_j": c("pengguna_dptb_j"),
            "pengguna_non_dpt_j": c("pengguna_non_dpt_j"),
            "pengguna_total_j": U,
        },
        lambda v: pl.format(
            "Pengguna DPT ({}) + DPTb ({}) + DPK ({}) tidak sama dengan total pengguna hak pilih ({})",
            c("pengguna_dpt_j"),
            c("pengguna_dptb_j"),
            c("pengguna_non_dpt_j"),
            U,
        ),
    ),
    TpsRule(
        "C05",
        "voters_sex_ne_total",
        "Pengguna hak pilih L + P ≠ jumlah",
        lambda v: (U > 0) & (c("pengguna_total_l") + c("pengguna_total_p") != U),
        lambda v: {
            "pengguna_total_l": c("pengguna_total_l"),
            "pengguna_total_p": c("pengguna_total_p"),
            "pengguna_total_j": U,
        },
        lambda v: pl.format(
            "Pengguna hak pilih laki-laki ({}) + perempuan ({}) tidak sama dengan jumlahnya ({})",
            c("pengguna_total_l"),
            c("pengguna_total_p"),
            U,
        ),
    ),
    TpsRule(
        "C06",
        "dpt_sex_ne_total",
        "DPT L + P ≠ jumlah DPT",
        lambda v: (DPT > 0) & (c("pemilih_dpt_l") + c("pemilih_dpt_p") != DPT),
        lambda v: {
            "pemilih_dpt_l": c("pemilih_dpt_l"),
            "pemilih_dpt_p": c("pemilih_dpt_p"),
            "pemilih_dpt_j": DPT,
        },
        lambda v: pl.format(
            "DPT laki-laki ({}) + perempuan ({}) tidak sama dengan jumlah DPT ({})",
            c("pemilih_dpt_l"),
            c("pemilih_dpt_p"),
            DPT,
        ),
    ),
    TpsRule(
        "C07",
        "voters_gt_dpt_reserve",
        "Pengguna hak pilih > DPT + 2%",
        lambda v: (DPT > 0) & (U * 100 > DPT * 102),
        lambda v: {"pengguna_total_j": U, "pemilih_dpt_j": DPT},
        lambda v: pl.format("Pengguna hak pilih ({}) melebihi DPT ({}) ditambah cadangan 2%", U, DPT),
    ),
    TpsRule(
        "C08",
        "votes_gt_dpt_reserve",
        "Jumlah suara paslon > DPT + 2%",
        lambda v: pl.col(VALL) & (DPT > 0) & (pl.col(VSUM) * 100 > DPT * 102),
        lambda v: {"votes_sum": pl.col(VSUM), "pemilih_dpt_j": DPT},
        lambda v: pl.format(
            "Jumlah suara paslon ({}) melebihi DPT ({}) ditambah cadangan 2%", pl.col(VSUM), DPT
        ),
    ),
    TpsRule(
        "C09",
        "dpt_voters_gt_dpt",
        "Pengguna DPT > jumlah DPT",
        lambda v: (DPT > 0) & (c("pengguna_dpt_j") > DPT),
        lambda v: {"pengguna_dpt_j": c("pengguna_dpt_j"), "pemilih_dpt_j": DPT},
        lambda v: pl.format(
            "Pengguna hak pilih dari DPT ({}) melebihi jumlah DPT ({})", c("pengguna_dpt_j"), DPT
        ),
    ),
    TpsRule(
        "C10",
        "admin_missing",
        "Ada suara, data administrasi kosong",
        lambda v: pl.col(VALL) & (pl.col(VSUM) > 0) & (DPT.fill_null(0).eq(0) | U.fill_null(0).eq(0)),
        lambda v: {"votes_sum": pl.col(VSUM), "pemilih_dpt_j": DPT, "pengguna_total_j": U},
        lambda v: pl.format(
            "Ada {} suara paslon tetapi DPT atau pengguna hak pilih kosong/nol", pl.col(VSUM)
        ),
    ),
    TpsRule(
        "C11",
        "count_out_of_range",
        "Perolehan paslon di luar rentang (> 999 atau > DPT)",
        lambda v: pl.any_horizontal(_range_hit(v)),
        lambda v: {"field": _range_field(v), "value": _range_value(v), "pemilih_dpt_j": DPT},
        lambda v: pl.format(
            "Perolehan {} = {} di luar rentang wajar (lebih dari 999 atau lebih dari DPT {})",
            _range_field(v),
            _range_value(v),
            DPT,
        ),
    ),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}
# Blocking data-error rules raised while reading (see `typed`); listed here for reports.
INPUT_RULES = {
    "C12": "Nilai bukan bilangan bulat ≥ 0 (data ditolak)",
    "C13": "Kode TPS/wilayah ganda (data ditolak)",
    "C14": "Kode di luar referensi wilayah (data ditolak)",
}


def prepare(frame: pl.DataFrame | pl.LazyFrame, expected: dict[str, int] | None = None) -> pl.LazyFrame:
    """Add ΣV (`_vsum`) and 'all V present' (`_vall`).

    `expected` maps kode_kab → number of paslon in that area (pkwkk: each kab/kota has its own
    ballot, so columns beyond its paslon are empty by design); by default every paslon column.
    """
    lazy = frame.lazy()
    paslon = paslon_columns(lazy.collect_schema().names())
    present = pl.sum_horizontal([pl.col(p).is_not_null().cast(pl.Int32) for p in paslon])
    need = (
        pl.lit(len(paslon))
        if not expected
        else pl.col("kode_kab").replace_strict(expected, default=len(paslon), return_dtype=pl.Int32)
    )
    return lazy.with_columns(
        pl.sum_horizontal([c(p) for p in paslon]).alias(VSUM),
        ((present >= need) & (need > 0)).alias(VALL),
    )


def rule_masks(prepared: pl.LazyFrame, paslon: list[str], ids: tuple[str, ...] | None = None) -> pl.LazyFrame:
    """One boolean column per rule id (null → False), for H01's what-if checks."""
    chosen = [r for r in RULES if ids is None or r.id in ids]
    return prepared.with_columns(*(r.fires(paslon).fill_null(False).alias(r.id) for r in chosen))


def tps_findings(prepared: pl.LazyFrame) -> list[pl.LazyFrame]:
    """One lazy findings frame per rule (collected together by the caller)."""
    paslon = paslon_columns(prepared.collect_schema().names())
    return [
        prepared.filter(rule.fires(paslon).fill_null(False)).select(
            finding_columns(
                rule.id, pl.col("kode_tps"), "tps", values_json(**rule.values(paslon)), rule.message(paslon)
            )
        )
        for rule in RULES
    ]
