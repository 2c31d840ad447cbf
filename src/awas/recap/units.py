"""Unit-level views shared by X01, X02, D01 and the drill-down queries.

`tps_long`: TPS votes as (unit, paslon, votes, ts). `tps_sums`: those summed at every wilayah level.
`unit_view`: one value per (unit, paslon) from an aggregate snapshot, preferring a unit's own chart
over the row its parent's file publishes for it.
"""

from __future__ import annotations

import polars as pl

from awas.recap.fields import LEVEL_BY_WIDTH, LEVEL_PREFIX_WIDTHS, paslon_columns


def level_expr(code: pl.Expr) -> pl.Expr:
    """Level name from the width of a plain code."""
    return code.str.len_chars().replace_strict(LEVEL_BY_WIDTH, default="unknown", return_dtype=pl.String)


def tps_long(tps: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """(kode_tps, ts, paslon "01", votes) for every TPS and paslon column."""
    lazy = tps.lazy()
    paslon = paslon_columns(lazy.collect_schema().names())
    return (
        lazy.select("kode_tps", "ts", *paslon)
        .unpivot(paslon, index=["kode_tps", "ts"], variable_name="paslon", value_name="votes")
        .with_columns(
            pl.col("paslon").str.replace("paslon_", "", literal=True), pl.col("votes").cast(pl.Int64)
        )
    )


def tps_sums(tps: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """(unit, paslon, tps_sum, ts_min, ts_max, tps) at desa, kecamatan, kab/kota and province level.

    Unpublished counts (null) add nothing, as in Sirekap's own aggregates.
    """
    long = tps_long(tps)
    per_level = [
        long.group_by(pl.col("kode_tps").str.slice(0, width).alias("unit"), "paslon").agg(
            pl.col("votes").sum().alias("tps_sum"),
            pl.col("ts").min().alias("ts_min"),
            pl.col("ts").max().alias("ts_max"),
            pl.len().alias("tps"),
        )
        for width in LEVEL_PREFIX_WIDTHS
    ]
    return pl.concat(per_level)


def unit_view(aggregate: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """(unit, paslon, votes, ts, source, tps_total, tps_in): own chart first, else the parent's row."""
    lazy = aggregate.lazy().filter(pl.col("paslon").is_not_null())
    ranked = lazy.with_columns(
        pl.when(pl.col("role") == "self").then(0).otherwise(1).alias("_prio"),
        pl.concat_str(
            pl.when(pl.col("role") == "self").then(pl.lit("chart ")).otherwise(pl.lit("tabel ")),
            pl.col("file"),
        ).alias("source"),
    )
    return (
        ranked.sort("_prio", "file")
        .unique(["unit", "paslon"], keep="first", maintain_order=True)
        .select("unit", "paslon", "votes", pl.col("file_ts").alias("ts"), "source", "tps_total", "tps_in")
    )
