"""Turn INPUT paths (flat CSV/Parquet, Sirekap JSON file, Sirekap directory tree, recap-table CSV)
into parsed snapshots: raw files with their SHA-256, race, and a typed frame. Nothing is written.

One snapshot per (kind, race): a Pilkada tree holding both `pkwkp` and `pkwkk` becomes two.
Raises InputError (every problem found, with file, record and field) and then nothing is stored.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from awas.errors import InputError, InputProblem
from awas.recap import limits
from awas.recap.fields import COUNT_FIELDS
from awas.recap.model import SnapshotKind
from awas.recap.paslon_map import PaslonDirectory, is_master_file, race_from_name
from awas.recap.read_table import (
    check_recap_header,
    check_tps_header,
    read_counts_fast,
    read_header,
    read_text_table,
    table_kind,
)
from awas.recap.recap_table import typed_recap_table
from awas.recap.tree import race_from_url, read_tree
from awas.recap.typed import Wilayah, typed_tps


@dataclass(slots=True)
class RawFile:
    relpath: str
    sha256: str
    size: int
    path: Path
    data: bytes | None = None  # kept for small JSON files; big tables are copied from `path`


@dataclass(slots=True)
class ParsedSnapshot:
    kind: SnapshotKind
    race: str
    source: str
    files: list[RawFile]
    frame: pl.DataFrame
    ignored: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """SHA-256 of the raw bytes (one file) or of the sorted `sha256  path` manifest (several)."""
        if len(self.files) == 1:
            return self.files[0].sha256
        return hashlib.sha256(manifest_bytes(self.files)).hexdigest()

    @property
    def captured(self) -> str | None:
        """The newest `ts` in the data (WIB wall time as Sirekap writes it)."""
        column = "ts" if "ts" in self.frame.columns else "file_ts"
        if column not in self.frame.columns or self.frame.height == 0:
            return None
        value = self.frame.get_column(column).drop_nulls().max()
        return None if value is None else str(value)


def manifest_bytes(files: list[RawFile]) -> bytes:
    return "".join(f"{f.sha256}  {f.relpath}\n" for f in sorted(files, key=lambda f: f.relpath)).encode()


def parse_inputs(
    paths: list[Path], paslon: PaslonDirectory, wilayah: Wilayah | None, race: str | None = None
) -> list[ParsedSnapshot]:
    """Parse every input; raise one InputError with all problems of all inputs."""
    snapshots: list[ParsedSnapshot] = []
    problems: list[InputProblem] = []
    for path in paths:
        try:
            snapshots += parse_path(path, paslon, wilayah, race)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems, f"{len(problems)} masalah pada masukan; tidak ada yang disimpan")
    return snapshots


def parse_path(
    path: Path, paslon: PaslonDirectory, wilayah: Wilayah | None, race: str | None
) -> list[ParsedSnapshot]:
    if path.is_dir():
        return read_tree(path, paslon, wilayah, race)
    if not path.exists():
        raise InputError(InputProblem(str(path), "berkas atau folder tidak ada"))
    if path.suffix.lower() == ".json":
        return read_tree(path, paslon, wilayah, race)
    if path.suffix.lower() in (".csv", ".parquet", ".txt"):
        return [parse_table(path, wilayah, race)]
    raise InputError(
        InputProblem(str(path), "jenis berkas tidak dikenal (harus .csv, .parquet, .json atau folder)")
    )


def parse_table(path: Path, wilayah: Wilayah | None, race: str | None) -> ParsedSnapshot:
    """A flat TPS table or a recap table (told apart by their header)."""
    columns = read_header(path)
    kind = table_kind(columns)
    if kind == "recap_table":
        raw = raw_file(path, path.name)
        check_recap_header(path, columns)
        frame = typed_recap_table(read_text_table(path), str(path), wilayah, race)
        table_race = race or _single(frame.get_column("race")) or "unknown"
        return ParsedSnapshot(SnapshotKind.RECAP_TABLE, table_race, str(path), [raw], frame)
    with ThreadPoolExecutor(max_workers=1) as pool:  # hash while Polars parses (both release the GIL)
        hashing = pool.submit(raw_file, path, path.name)
        frame = read_tps_table(path, columns, wilayah)
        raw = hashing.result()
    found = race or _race_from_images(frame) or race_from_name(path.name) or "unknown"
    return ParsedSnapshot(SnapshotKind.TPS_CSV, found, str(path), [raw], frame)


def read_tps_table(path: Path, columns: list[str], wilayah: Wilayah | None) -> pl.DataFrame:
    """A flat TPS CSV/Parquet as a checked, typed frame (counts parsed directly when they are all
    integers; otherwise read as text so every bad cell is named). Raises InputError."""
    paslon = check_tps_header(path, columns)
    counts = [c for c in (*paslon, *COUNT_FIELDS, "n_images") if c in columns]
    fast = None if path.suffix.lower() == ".parquet" else read_counts_fast(path, counts)
    return typed_tps(fast if fast is not None else read_text_table(path), str(path), wilayah, {})


def raw_file(path: Path, relpath: str) -> RawFile:
    """Hash a file by streaming it (big tables are never held in memory)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return RawFile(relpath, digest.hexdigest(), size, path)


def _race_from_images(frame: pl.DataFrame) -> str | None:
    if "images" not in frame.columns:
        return None
    first = frame.get_column("images").drop_nulls().head(50)
    return next((race for race in map(race_from_url, first) if race), None)


def _single(column: pl.Series) -> str | None:
    values = column.drop_nulls().unique().to_list()
    return str(values[0]) if len(values) == 1 else None


__all__ = ["ParsedSnapshot", "RawFile", "is_master_file", "limits", "parse_inputs"]
