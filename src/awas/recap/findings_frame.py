"""The findings table every rule produces, and its JSON/CSV renderings (specs/recap-rules.md §6).

A finding row: rule, unit (plain code), level, paslon ("01", X-rules only), values (a JSON object
as text) and message (Bahasa Indonesia). Rendering stays columnar: each finding's JSON is built by
Polars string expressions, never by a Python loop over findings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import polars as pl

SCHEMA: dict[str, Any] = {
    "rule": pl.String,
    "unit": pl.String,
    "level": pl.String,
    "paslon": pl.String,
    "values": pl.String,
    "message": pl.String,
}


def collect(lazy: pl.LazyFrame) -> pl.DataFrame:
    """Collect on the in-memory engine: Polars 2.1's streaming engine panics on some of our string
    expressions (pl.format over casted columns, "assertion failed: i < self.len()")."""
    return lazy.collect(engine="in-memory")


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def finding_columns(
    rule: str,
    unit: pl.Expr,
    level: pl.Expr | str,
    values: pl.Expr,
    message: pl.Expr,
    paslon: pl.Expr | None = None,
) -> list[pl.Expr]:
    """The six finding columns from expressions over a rule's input frame."""
    return [
        pl.lit(rule).alias("rule"),
        unit.cast(pl.String).alias("unit"),
        (pl.lit(level) if isinstance(level, str) else level).alias("level"),
        (paslon if paslon is not None else pl.lit(None, pl.String)).cast(pl.String).alias("paslon"),
        values.alias("values"),
        message.alias("message"),
    ]


def values_json(**columns: pl.Expr) -> pl.Expr:
    """A JSON object (text) from named expressions, e.g. values_json(votes_sum=..., suara_sah=...)."""
    return pl.struct([expr.alias(name) for name, expr in columns.items()]).struct.json_encode()


def concat(frames: Sequence[pl.DataFrame | pl.LazyFrame]) -> pl.DataFrame:
    """All findings, ordered by rule then unit then paslon (stable output for diffs and tests)."""
    lazy = [f.lazy() if isinstance(f, pl.DataFrame) else f for f in frames]
    if not lazy:
        return empty()
    return collect(pl.concat(lazy, how="vertical").sort("rule", "unit", "paslon", nulls_last=False))


def summary(findings: pl.DataFrame) -> dict[str, int]:
    counts = findings.group_by("rule").len().sort("rule")
    return {str(rule): int(n) for rule, n in counts.iter_rows()}


def finding_json_lines(findings: pl.DataFrame) -> pl.Series:
    """One JSON object per finding: {"rule","unit","level",["paslon"],"values","message"}."""
    message = pl.struct(pl.col("message")).struct.json_encode().str.slice(11)  # '"…"}' after {"message":
    head = pl.concat_str(
        pl.lit('{"rule":"'),
        pl.col("rule"),
        pl.lit('","unit":"'),
        pl.col("unit"),
        pl.lit('","level":"'),
        pl.col("level"),
        pl.lit('",'),
    )
    paslon = (
        pl.when(pl.col("paslon").is_null())
        .then(pl.lit(""))
        .otherwise(pl.concat_str(pl.lit('"paslon":"'), pl.col("paslon"), pl.lit('",')))
    )
    line = pl.concat_str(head, paslon, pl.lit('"values":'), pl.col("values"), pl.lit(',"message":'), message)
    return findings.select(line.alias("json")).get_column("json")


def audit_json_text(units: int, findings: pl.DataFrame, extra: dict[str, Any] | None = None) -> str:
    """The whole `awas recap audit --format json` document (specs §6), plus `extra` top-level keys."""
    lines = finding_json_lines(findings)
    body = str(lines.str.join(",\n    ").item()) if lines.len() else ""
    tail = {"summary": summary(findings), **(extra or {})}
    rest = json.dumps(tail, ensure_ascii=False, indent=2)[1:-1].strip()
    findings_part = f"[\n    {body}\n  ]" if body else "[]"
    return f'{{\n  "units": {units},\n  "findings": {findings_part},\n  {rest}\n}}\n'


def findings_csv_frame(findings: pl.DataFrame) -> pl.DataFrame:
    """The findings table for `--format csv` (values stay a JSON object in one column)."""
    return findings.select("rule", "unit", "level", "paslon", "values", "message")
