"""Typed records of the recap capability: snapshots, findings, drill-down rows, history.

These are what the CLI, the web dashboard and the cases capability receive; no loose dicts cross
layers. Frames (Polars) stay inside the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class SnapshotKind(StrEnum):
    TPS_CSV = "tps_csv"  # flat TPS CSV or Parquet
    TPS_JSON = "tps_json"  # Sirekap TPS JSON, one file or a tree
    AGGREGATE = "aggregate"  # Sirekap hhcw aggregate JSON (desa ... provinsi)
    RECAP_TABLE = "recap_table"  # D.Hasil / DB / DC recapitulation table

    @property
    def is_tps(self) -> bool:
        return self in (SnapshotKind.TPS_CSV, SnapshotKind.TPS_JSON)


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """One imported snapshot. `id` is the SHA-256 of its raw bytes (or of its file manifest)."""

    id: str
    kind: SnapshotKind
    race: str
    source: str
    imported_at: datetime
    captured_at: datetime | None
    units: int
    files: int
    bytes: int
    label: str = ""
    new: bool = False  # True when this import stored it; False when it was already there

    @property
    def short_id(self) -> str:
        return self.id[:12]


@dataclass(frozen=True, slots=True)
class RecapFinding:
    """A stored finding: one rule on one unit (and paslon for X-rules), with its lifetime."""

    id: int
    rule: str
    unit: str
    level: str
    paslon: str | None
    race: str
    election_id: str | None
    values: dict[str, Any]
    message: str
    first_snapshot_id: str
    last_snapshot_id: str
    first_seen_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None = None
    resolved_snapshot_id: str | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


@dataclass(frozen=True, slots=True)
class RecapFindingSummary:
    """What a temuan needs from a recap finding (for `awas.cases`)."""

    finding_id: int
    rule: str
    rule_name: str
    title: str
    description: str
    unit: str
    region_code: str | None
    level: str
    election_id: str | None
    paslon: str | None
    paslon_id: str | None
    values: dict[str, Any]
    snapshot_ids: tuple[str, ...]
    photo_urls: tuple[str, ...] = ()
    actionable: bool = True  # False for the statistical F-rules (screening only)


@dataclass(frozen=True, slots=True)
class UnitTotals:
    """Votes of one unit in one snapshot, for drill-down pages (race → kab → kec → desa → TPS)."""

    unit: str
    level: str
    name: str
    votes: dict[str, int | None]  # nomor urut ("01") → votes
    snapshot_id: str
    ts: str | None = None
    tps_total: int | None = None
    tps_in: int | None = None
    open_findings: int = 0


@dataclass(frozen=True, slots=True)
class PhotoLink:
    tps: str
    page: int
    url: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """The values one unit had in one snapshot, from one source (a TPS row, a chart, a parent's table)."""

    snapshot_id: str
    kind: SnapshotKind
    race: str
    imported_at: datetime
    source: str
    ts: str | None
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class UnitHistory:
    unit: str
    entries: tuple[HistoryEntry, ...]

    def changes(self) -> list[tuple[str, str, str, str]]:
        """(field, old, new, snapshot) for every value that differs from the previous entry of a source."""
        last: dict[tuple[str, str], str] = {}
        out: list[tuple[str, str, str, str]] = []
        for entry in self.entries:
            for name, value in entry.values.items():
                key = (entry.source, name)
                if key in last and last[key] != value:
                    out.append((name, last[key], value, entry.snapshot_id))
                last[key] = value
        return out


@dataclass(slots=True)
class ImportReport:
    snapshots: list[SnapshotInfo] = field(default_factory=list)
    ignored_files: int = 0

    @property
    def new(self) -> int:
        return sum(1 for s in self.snapshots if s.new)
