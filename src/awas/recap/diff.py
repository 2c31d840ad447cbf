"""D01 value_changed: what differs between two snapshots of one race (specs §3, cli-contracts).

Output: `changed` (unit, field, old, new) with fields named as flat-CSV columns and values as text
exactly as read ("" for empty), `added`/`removed` units, and a summary in which vote movements are
summed per paslon and per wilayah level (which kab/kota or kecamatan gained or lost votes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from awas.recap.fields import LEVEL_PREFIX_WIDTHS, PASLON_COLUMN
from awas.recap.findings_frame import collect
from awas.recap.units import level_expr

INTERNAL = ("_line", "_file")
TOP_MOVES = 10
CHANGED_SCHEMA = {"unit": pl.String, "field": pl.String, "old": pl.String, "new": pl.String}


@dataclass(frozen=True, slots=True)
class DiffResult:
    changed: pl.DataFrame  # unit, field, old, new (text)
    added: list[str]
    removed: list[str]
    summary: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        """The `awas recap diff --format json` document (cli-contracts.md)."""
        return {
            "changed": self.changed.to_dicts(),
            "added": self.added,
            "removed": self.removed,
            "summary": self.summary,
        }


def diff_tps(old: pl.DataFrame, new: pl.DataFrame) -> DiffResult:
    """Diff two TPS text frames (all columns text) keyed by kode_tps."""
    old_t, new_t = _text(old), _text(new)
    fields = [c for c in dict.fromkeys([*old_t.columns, *new_t.columns]) if c != "kode_tps"]
    both = old_t.join(new_t, on="kode_tps", how="inner", suffix="__new")
    parts = [_changed_field(both, f, f in old_t.columns, f in new_t.columns) for f in fields]
    changed = pl.concat(parts).sort("unit", "field") if parts else pl.DataFrame(schema=CHANGED_SCHEMA)
    added, removed = _added_removed(old_t.get_column("kode_tps"), new_t.get_column("kode_tps"))
    moves = _tps_moves(old_t, new_t)
    return DiffResult(changed, added, removed, _summary(changed, added, removed, moves))


def _text(frame: pl.DataFrame) -> pl.DataFrame:
    keep = [c for c in frame.columns if c not in INTERNAL]
    return frame.select(pl.col(keep).cast(pl.String))


def _changed_field(both: pl.DataFrame, field: str, in_old: bool, in_new: bool) -> pl.DataFrame:
    old = pl.col(field) if in_old else pl.lit(None, pl.String)
    new = pl.col(f"{field}__new" if in_old else field) if in_new else pl.lit(None, pl.String)
    return both.filter(old.ne_missing(new)).select(
        pl.col("kode_tps").alias("unit"),
        pl.lit(field).alias("field"),
        old.fill_null("").alias("old"),
        new.fill_null("").alias("new"),
    )


def _added_removed(old: pl.Series, new: pl.Series) -> tuple[list[str], list[str]]:
    added = new.filter(~new.is_in(old.implode())).sort().to_list()
    removed = old.filter(~old.is_in(new.implode())).sort().to_list()
    return added, removed


def _votes_long(text: pl.DataFrame) -> pl.LazyFrame:
    paslon = [c for c in text.columns if PASLON_COLUMN.match(c)]
    return (
        text.lazy()
        .unpivot(paslon, index="kode_tps", variable_name="paslon", value_name="votes")
        .with_columns(
            pl.col("paslon").str.replace("paslon_", "", literal=True),
            pl.col("votes").cast(pl.Int64, strict=False).fill_null(0),
        )
    )


def _tps_moves(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """(unit, paslon, old, new, delta) summed at every level from TPS votes."""
    frames = []
    for width in LEVEL_PREFIX_WIDTHS:
        sums = [
            _votes_long(t)
            .group_by(pl.col("kode_tps").str.slice(0, width).alias("unit"), "paslon")
            .agg(pl.col("votes").sum().alias(name))
            for t, name in ((old, "old"), (new, "new"))
        ]
        frames.append(sums[0].join(sums[1], on=["unit", "paslon"], how="full", coalesce=True))
    return _with_delta(collect(pl.concat(frames)))


def diff_aggregate(old: pl.DataFrame, new: pl.DataFrame) -> DiffResult:
    """Diff two aggregate snapshots of one race on their unit views (paslon_NN fields)."""
    from awas.recap.units import unit_view

    def long(frame: pl.DataFrame) -> pl.DataFrame:
        view = collect(unit_view(frame))
        return view.select(
            "unit",
            pl.concat_str(pl.lit("paslon_"), pl.col("paslon")).alias("field"),
            pl.col("votes").cast(pl.String).alias("value"),
            "paslon",
            "votes",
        )

    a, b = long(old), long(new)
    both = a.join(b, on=["unit", "field"], how="inner", suffix="__new")
    changed = (
        both.filter(pl.col("value").ne_missing(pl.col("value__new")))
        .select(
            "unit",
            "field",
            pl.col("value").fill_null("").alias("old"),
            pl.col("value__new").fill_null("").alias("new"),
        )
        .sort("unit", "field")
    )
    added, removed = _added_removed(a.get_column("unit").unique(), b.get_column("unit").unique())
    moves = a.select("unit", "paslon", pl.col("votes").alias("old")).join(
        b.select("unit", "paslon", pl.col("votes").alias("new")),
        on=["unit", "paslon"],
        how="full",
        coalesce=True,
    )
    return DiffResult(changed, added, removed, _summary(changed, added, removed, _with_delta(moves)))


def _with_delta(moves: pl.DataFrame) -> pl.DataFrame:
    return moves.with_columns(
        pl.col("old").fill_null(0), pl.col("new").fill_null(0), level_expr(pl.col("unit")).alias("level")
    ).with_columns((pl.col("new") - pl.col("old")).alias("delta"))


def _summary(
    changed: pl.DataFrame, added: list[str], removed: list[str], moves: pl.DataFrame
) -> dict[str, Any]:
    return {
        "units_changed": changed.get_column("unit").n_unique(),
        "fields_changed": changed.height,
        "added": len(added),
        "removed": len(removed),
        "votes": {"by_paslon": _by_paslon(moves), "by_level": _by_level(moves)},
    }


def _by_paslon(moves: pl.DataFrame) -> list[dict[str, Any]]:
    """Per paslon at the widest unit that has votes (the province; each kab/kota for pkwkk races)."""
    if moves.height == 0:
        return []
    width = pl.col("unit").str.len_chars()
    top = moves.filter(width == moves.select(width.min()).item())
    return top.sort("unit", "paslon").select("unit", "paslon", "old", "new", "delta").to_dicts()


def _by_level(moves: pl.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for (level,), group in moves.filter(pl.col("delta") != 0).group_by("level"):
        ranked = group.sort(pl.col("delta").abs(), "unit", "paslon", descending=[True, False, False])
        out[str(level)] = {
            "units_moved": ranked.get_column("unit").n_unique(),
            "largest": ranked.head(TOP_MOVES).select("unit", "paslon", "old", "new", "delta").to_dicts(),
        }
    return dict(sorted(out.items()))
