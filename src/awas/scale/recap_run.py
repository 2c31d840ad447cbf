"""`awas recap audit --engine ray`: the rules over Parquet partitioned by province, one task each.

Every recap rule looks at one TPS, one unit or one kab/kota at a time (the F-rules are never pooled
over a province), so a race's frames split by province (the first two digits of the unit code) audit
to the same findings as the whole. The auditor writes each province's frames to
`<data dir>/scale/recap/<run>/province=NN/` (Parquet), each task reads its partition and calls
`recap.engine.run_audit` (the local function), and the outcomes are merged with the local engine's own
de-duplication and order. Inputs with a unit code too short to name a province (national
aggregates) are audited as one partition. On a cluster the data dir must be shared storage.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from awas.recap.engine import AuditOutcome, RaceInput, run_audit
from awas.scale.engine import Engine

KINDS = ("tps", "aggregates", "recaps")
WHOLE = "all"


@dataclass(frozen=True)
class Partition:
    """One province's frames on disk: (race, kind, file) triples and each race's expected paslon."""

    folder: str
    files: tuple[tuple[str, str, str], ...]
    expected: tuple[tuple[str, dict[str, int] | None], ...]


def _code(frame: pl.DataFrame) -> pl.Series:
    name = next(c for c in ("kode_tps", "file_unit", "unit") if c in frame.columns)
    return frame.get_column(name).cast(pl.String)


def provinces(inputs: list[RaceInput]) -> list[str]:
    """The provinces the inputs cover, or [WHOLE] when a unit code names none."""
    frames = [f for item in inputs for kind in KINDS for f in getattr(item, kind)]
    codes = pl.concat([_code(f) for f in frames]) if frames else pl.Series([], dtype=pl.String)
    if codes.is_empty() or bool((codes.str.len_chars() < 2).any()) or codes.null_count():
        return [WHOLE]
    return sorted(codes.str.slice(0, 2).unique().to_list())


def write_partitions(root: Path, inputs: list[RaceInput], names: list[str]) -> list[Partition]:
    partitions = []
    for province in names:
        folder = root / f"province={province}"
        folder.mkdir(parents=True)
        files = []
        for r, item in enumerate(inputs):
            for kind in KINDS:
                for n, frame in enumerate(getattr(item, kind)):
                    part = (
                        frame if province == WHOLE else frame.filter(_code(frame).str.starts_with(province))
                    )
                    if part.height:
                        name = f"{r}-{kind}-{n}.parquet"
                        part.write_parquet(folder / name)
                        files.append((item.race, kind, name))
        expected = tuple((item.race, item.expected) for item in inputs)
        partitions.append(Partition(str(folder), tuple(files), expected))
    return partitions


def audit_partition(_context: None, partition: Partition) -> AuditOutcome:
    """On a worker: read one partition's Parquet files and run the local audit on them."""
    expected = dict(partition.expected)
    inputs: dict[str, RaceInput] = {}
    for race, kind, name in partition.files:
        item = inputs.setdefault(race, RaceInput(race, expected=expected.get(race)))
        getattr(item, kind).append(pl.read_parquet(Path(partition.folder) / name))
    return run_audit(list(inputs.values()))


def merge(outcomes: list[AuditOutcome]) -> AuditOutcome:
    """One outcome, de-duplicated and ordered as `run_audit` orders a single one."""
    findings = pl.concat([o.findings for o in outcomes], how="vertical")
    findings = findings.unique(["race", "rule", "unit", "paslon"], keep="first", maintain_order=True)
    findings = findings.sort("rule", "unit", "paslon", "race", nulls_last=False)
    families: dict[str, set[str]] = {}
    prints: dict[str, dict[str, dict[str, np.ndarray]]] = {}
    for outcome in outcomes:
        for race, names in outcome.families.items():
            families.setdefault(race, set()).update(names)
        for race, kabs in outcome.fingerprints.items():
            prints.setdefault(race, {}).update(kabs)
    tables = [o.kab_table for o in outcomes if o.kab_table.height]
    kab_table = pl.concat(tables, how="diagonal_relaxed") if tables else pl.DataFrame()
    units = sum(o.units for o in outcomes)
    return AuditOutcome(units, findings, families, kab_table, prints)


def engine_auditor(engine: Engine, scratch: Path) -> Callable[[list[RaceInput]], AuditOutcome]:
    """The `recap.service.audit_inputs(auditor=...)` hook for `engine`."""

    def audit(inputs: list[RaceInput]) -> AuditOutcome:
        root = scratch / "scale" / "recap" / uuid.uuid4().hex
        try:
            partitions = write_partitions(root, inputs, provinces(inputs))
            return merge(list(engine.map_ordered(audit_partition, None, partitions)))
        finally:
            shutil.rmtree(root, ignore_errors=True)

    return audit


def auditor_for(engine: Engine | None, scratch: Path) -> Callable[[list[RaceInput]], AuditOutcome]:
    """`run_audit` itself on the local engine; the partitioned auditor on Ray."""
    return run_audit if engine is None or engine.name == "local" else engine_auditor(engine, scratch)
