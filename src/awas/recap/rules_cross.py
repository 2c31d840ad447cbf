"""Cross-level rules: X01 child sum ≠ parent, X02 recap table ≠ Sirekap / TPS sum (specs §3).

X01 compares every number published for a parent (its own chart, and the row its parent's file
gives it) with every children sum available (the rows of its own file's table, and the sum of TPS
records when a TPS snapshot of the same race is audited too). Files of one snapshot carry different
`ts`: a difference between files of different `ts` is `stale`, not a change of votes; the same
`ts` (or, for TPS children, a parent at least as recent as every TPS it sums) is a `mismatch`.
One finding per (parent, paslon): the most serious comparison, with how many disagreed.
"""

from __future__ import annotations

import polars as pl

from awas.recap.findings_frame import SCHEMA, collect, finding_columns, values_json
from awas.recap.units import level_expr, tps_sums, unit_view

STALE, MISMATCH = "stale", "mismatch"


def x01_findings(aggregate: pl.DataFrame, tps: pl.DataFrame | None = None) -> pl.LazyFrame:
    """X01 over one race's aggregate snapshot (and optionally the same race's TPS snapshot)."""
    agg = aggregate.lazy().filter(pl.col("paslon").is_not_null())
    compared = _parent_values(agg).join(_children_sums(agg, tps), on=["parent", "paslon"], how="inner")
    differing = compared.filter(
        pl.col("parent_value").is_not_null() & (pl.col("parent_value") != pl.col("children_sum"))
    )
    chosen = _most_serious(differing.with_columns(_status().alias("status")))
    return chosen.select(
        finding_columns(
            "X01",
            pl.col("parent"),
            level_expr(pl.col("parent")),
            _x01_values(),
            _x01_message(),
            pl.col("paslon"),
        )
    )


def _parent_values(agg: pl.LazyFrame) -> pl.LazyFrame:
    own = pl.when(pl.col("role") == "self").then(pl.lit("chart ")).otherwise(pl.lit("tabel "))
    return agg.select(
        pl.col("unit").alias("parent"),
        "paslon",
        pl.col("votes").alias("parent_value"),
        pl.col("file_ts").alias("parent_ts"),
        pl.concat_str(own, pl.col("file")).alias("parent_source"),
    )


def _children_sums(agg: pl.LazyFrame, tps: pl.DataFrame | None) -> pl.LazyFrame:
    table = (
        agg.filter(pl.col("role") == "child")
        .group_by("file", "file_unit", "file_ts", "paslon")
        .agg(pl.col("votes").sum().alias("children_sum"), pl.col("votes").null_count().alias("_nulls"))
        .filter(pl.col("_nulls") == 0)
        .select(
            pl.col("file_unit").alias("parent"),
            "paslon",
            "children_sum",
            pl.col("file_ts").alias("children_ts"),
            pl.concat_str(pl.lit("tabel "), pl.col("file")).alias("children_source"),
            pl.lit(False).alias("_tps"),
        )
    )
    if tps is None:
        return table
    from_tps = tps_sums(tps).select(
        pl.col("unit").alias("parent"),
        "paslon",
        pl.col("tps_sum").alias("children_sum"),
        pl.col("ts_max").alias("children_ts"),
        pl.format("{} TPS", pl.col("tps")).alias("children_source"),
        pl.lit(True).alias("_tps"),
    )
    return pl.concat([table, from_tps])


def _status() -> pl.Expr:
    same = pl.col("parent_ts") == pl.col("children_ts")
    recent = pl.col("parent_ts") >= pl.col("children_ts")
    ok = pl.when(pl.col("_tps")).then(recent).otherwise(same).fill_null(False)
    return pl.when(ok).then(pl.lit(MISMATCH)).otherwise(pl.lit(STALE))


def _most_serious(frame: pl.LazyFrame) -> pl.LazyFrame:
    diff = (pl.col("parent_value") - pl.col("children_sum")).alias("difference")
    ranked = frame.with_columns(diff, pl.len().over("parent", "paslon").alias("comparisons"))
    ordered = ranked.sort(
        pl.col("status") != MISMATCH,
        pl.col("difference").abs(),
        "parent_source",
        descending=[False, True, False],
    )
    return ordered.unique(["parent", "paslon"], keep="first", maintain_order=True)


def _x01_values() -> pl.Expr:
    return values_json(
        parent_value=pl.col("parent_value"),
        children_sum=pl.col("children_sum"),
        difference=pl.col("difference"),
        parent_ts=pl.col("parent_ts"),
        children_ts=pl.col("children_ts"),
        status=pl.col("status"),
        parent_source=pl.col("parent_source"),
        children_source=pl.col("children_source"),
        comparisons=pl.col("comparisons"),
    )


def _x01_message() -> pl.Expr:
    note = (
        pl.when(pl.col("status") == STALE)
        .then(pl.lit("waktu terbit berbeda: kemungkinan data belum diperbarui (basi), bukan perubahan suara"))
        .otherwise(pl.lit("waktu terbit sama: angka induk tidak sama dengan jumlah anaknya"))
    )
    return pl.format(
        "Paslon {} di {}: angka induk {} ({}), jumlah anak {} ({}), selisih {}; {}",
        pl.col("paslon"),
        pl.col("parent"),
        pl.col("parent_value"),
        pl.col("parent_ts"),
        pl.col("children_sum"),
        pl.col("children_ts"),
        pl.col("difference"),
        note,
    )


def x02_findings(
    recap: pl.DataFrame, aggregates: list[pl.DataFrame], tps: list[pl.DataFrame]
) -> pl.LazyFrame:
    """X02: each recap-table value against the Sirekap aggregate and the TPS sum for that unit."""
    table = recap.lazy().select(
        "unit", "paslon", pl.col("votes").alias("recap"), pl.col("ts").alias("recap_ts")
    )
    joined = table.join(_sirekap(aggregates), on=["unit", "paslon"], how="left").join(
        _tps(tps), on=["unit", "paslon"], how="left"
    )
    off_sirekap = (pl.col("recap") != pl.col("sirekap")).fill_null(False)
    off_tps = (pl.col("recap") != pl.col("tps_sum")).fill_null(False)
    return joined.filter(off_sirekap | off_tps).select(
        finding_columns(
            "X02", pl.col("unit"), level_expr(pl.col("unit")), _x02_values(), _x02_message(), pl.col("paslon")
        )
    )


def _sirekap(aggregates: list[pl.DataFrame]) -> pl.LazyFrame:
    if not aggregates:
        return pl.LazyFrame(
            schema={"unit": pl.String, "paslon": pl.String, "sirekap": pl.Int64, "sirekap_ts": pl.String}
        )
    views = [unit_view(a) for a in aggregates]
    return (
        pl.concat(views)
        .unique(["unit", "paslon"], keep="first")
        .select("unit", "paslon", pl.col("votes").alias("sirekap"), pl.col("ts").alias("sirekap_ts"))
    )


def _tps(tps: list[pl.DataFrame]) -> pl.LazyFrame:
    if not tps:
        return pl.LazyFrame(schema={"unit": pl.String, "paslon": pl.String, "tps_sum": pl.Int64})
    return pl.concat([tps_sums(t) for t in tps]).group_by("unit", "paslon").agg(pl.col("tps_sum").first())


def _x02_values() -> pl.Expr:
    return values_json(
        recap=pl.col("recap"),
        recap_ts=pl.col("recap_ts"),
        sirekap=pl.col("sirekap"),
        sirekap_ts=pl.col("sirekap_ts"),
        tps_sum=pl.col("tps_sum"),
        difference_sirekap=pl.col("recap") - pl.col("sirekap"),
        difference_tps=pl.col("recap") - pl.col("tps_sum"),
    )


def _x02_message() -> pl.Expr:
    return pl.format(
        "Rekapitulasi {} paslon {}: {}; Sirekap {}; jumlah TPS {}",
        pl.col("unit"),
        pl.col("paslon"),
        pl.col("recap"),
        pl.col("sirekap").cast(pl.String).fill_null("-"),
        pl.col("tps_sum").cast(pl.String).fill_null("-"),
    )


__all__ = ["SCHEMA", "collect", "x01_findings", "x02_findings"]
