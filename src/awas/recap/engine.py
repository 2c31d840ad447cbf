"""The audit over parsed frames, with no database: C, H, F on TPS frames; X01 on aggregates (with
the same race's TPS sums when present); X02 on recap tables. Used by the service and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from awas.recap import findings_frame as ff
from awas.recap.forensics import CAVEATS, screening
from awas.recap.repair import repair_hints
from awas.recap.rules_cross import x01_findings, x02_findings
from awas.recap.rules_tps import prepare, tps_findings

FAMILIES = ("C", "H", "F", "X01", "X02")


@dataclass(slots=True)
class RaceInput:
    """Frames of one race to audit together."""

    race: str
    tps: list[pl.DataFrame] = field(default_factory=list)
    aggregates: list[pl.DataFrame] = field(default_factory=list)
    recaps: list[pl.DataFrame] = field(default_factory=list)
    expected: dict[str, int] | None = None  # kode_kab → paslon count (pkwkk)


@dataclass(slots=True)
class AuditOutcome:
    units: int
    findings: pl.DataFrame  # findings_frame.SCHEMA + race
    families: dict[str, set[str]]  # race → rule families evaluated
    kab_table: pl.DataFrame = field(default_factory=pl.DataFrame)
    fingerprints: dict[str, dict[str, dict[str, np.ndarray]]] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        return ff.summary(self.findings)

    def json_text(self) -> str:
        """The specs §6 document. A `race` key is added to findings only when several races were audited."""
        findings = self.findings if len(self.families) > 1 else self.findings.drop("race")
        summary = self.summary  # a group-by over every finding: once, not once per caveat
        caveats = {rule: CAVEATS[rule] for rule in sorted(CAVEATS) if rule in summary}
        extra: dict[str, Any] = {"caveats": caveats}
        return ff.audit_json_text(self.units, findings, extra)


def run_audit(inputs: list[RaceInput], *, screening_rules: bool = True) -> AuditOutcome:
    parts: list[pl.DataFrame] = []
    families: dict[str, set[str]] = {}
    tables: list[pl.DataFrame] = []
    prints: dict[str, dict[str, dict[str, np.ndarray]]] = {}
    units = 0
    for item in inputs:
        fam = families.setdefault(item.race, set())
        for frame in item.tps:
            units += frame.height
            found, table, kab_prints = _tps_part(frame, item.expected, screening_rules)
            parts.append(_tag(found, item.race))
            fam.update(("C", "H", "F") if screening_rules else ("C", "H"))
            if table.height:
                tables.append(table.with_columns(pl.lit(item.race).alias("race")))
                prints[item.race] = kab_prints
        parts += [_tag(_cross(item), item.race)] if item.aggregates or item.recaps else []
        fam.update({"X01"} if item.aggregates else set())
        fam.update({"X02"} if item.recaps else set())
        if not item.tps:
            units += sum(a.get_column("unit").n_unique() for a in item.aggregates)
    findings = (
        pl.concat(parts, how="vertical")
        if parts
        else ff.empty().with_columns(pl.lit(None, pl.String).alias("race"))
    )
    findings = findings.unique(["race", "rule", "unit", "paslon"], keep="first", maintain_order=True)
    findings = findings.sort("rule", "unit", "paslon", "race", nulls_last=False)
    kab_table = pl.concat(tables, how="diagonal_relaxed") if tables else pl.DataFrame()
    return AuditOutcome(units, findings, families, kab_table, prints)


def _tps_part(
    frame: pl.DataFrame, expected: dict[str, int] | None, with_screening: bool
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, dict[str, np.ndarray]]]:
    prepared = prepare(frame, expected).cache()
    found = [ff.concat(tps_findings(prepared)), repair_hints(prepared, expected)]
    if not with_screening:
        return pl.concat(found), pl.DataFrame(), {}
    screened = screening(prepared)
    return pl.concat([*found, screened.findings]), screened.kab_table, screened.fingerprints


def _cross(item: RaceInput) -> pl.DataFrame:
    tps = item.tps[0] if item.tps else None
    lazy = [x01_findings(a, tps) for a in item.aggregates]
    lazy += [x02_findings(r, item.aggregates, item.tps) for r in item.recaps]
    return ff.concat(lazy)


def _tag(findings: pl.DataFrame, race: str) -> pl.DataFrame:
    return findings.with_columns(pl.lit(race).alias("race"))
