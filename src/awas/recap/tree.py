"""Read one Sirekap JSON file or a whole directory tree as KPU publishes it.

Files are classified by content: TPS records, hhcw aggregates, paslon masters (used to map ids in
this tree) and wilayah listings (ignored). Records are grouped into one snapshot per (kind, race).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from awas.errors import InputError, InputProblem
from awas.recap import limits
from awas.recap.fields import ADMIN_FIELDS, BALLOT_FIELDS
from awas.recap.model import SnapshotKind
from awas.recap.paslon_map import PaslonDirectory, is_master_file, race_from_name
from awas.recap.read_table import FILE, LINE
from awas.recap.sirekap_json import JsonProblems, aggregate_rows, decode_json, record_kind, tps_row
from awas.recap.typed import Wilayah, typed_tps

AGGREGATE_SCHEMA = {
    "file": pl.String,
    "file_unit": pl.String,
    "file_ts": pl.String,
    "unit": pl.String,
    "role": pl.String,
    "psu": pl.String,
    "tps_total": pl.Int64,
    "tps_in": pl.Int64,
    "paslon": pl.String,
    "sirekap_id": pl.String,
    "votes": pl.Int64,
}
JSON_FIELD_NAMES = {name: f"administrasi.{name}" for name in (*ADMIN_FIELDS, *BALLOT_FIELDS)}
Loaded = tuple[Any, Any]  # (RawFile, parsed JSON)
IMAGE_RACE = re.compile(r"/(?:pemilu|pilkada)/([a-z]+)/")


def read_tree(root: Path, paslon: PaslonDirectory, wilayah: Wilayah | None, race: str | None) -> list[Any]:
    """Parsed snapshots of a JSON file or directory. Raises InputError with every problem found."""
    from awas.recap.sources import ParsedSnapshot

    files, ignored = _list_json(root)
    loaded = _load_all(files)
    local = paslon.copy()
    masters = [item for item in loaded if _is_master(item)]
    for raw, data in masters:
        local.add_master_data(Path(raw.relpath), data, race)
    groups, listings = _group(loaded, masters, race)
    snapshots = []
    for (kind, group_race), items in sorted(groups.items()):
        frame = _frame(kind, items, local, wilayah, str(root))
        raws = [raw for raw, _ in items] + [raw for raw, _ in masters]
        snapshot = ParsedSnapshot(kind, group_race, str(root), raws, frame, ignored + listings)
        snapshots.append(snapshot)
    if not snapshots:
        raise InputError(InputProblem(str(root), "tidak ada rekaman TPS atau agregat Sirekap"))
    return snapshots


def _list_json(root: Path) -> tuple[list[tuple[Path, str]], int]:
    if root.is_file():
        return [(root, root.name)], 0
    found, ignored = [], 0
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() == ".json":
            found.append((path, path.relative_to(root).as_posix()))
        elif path.is_file():
            ignored += 1
        if len(found) > limits.MAX_TREE_FILES:
            raise InputError(InputProblem(str(root), f"lebih dari {limits.MAX_TREE_FILES} berkas JSON"))
    return found, ignored


def _load_all(files: list[tuple[Path, str]]) -> list[Loaded]:
    from awas.recap.sources import RawFile

    problems: list[InputProblem] = []
    loaded: list[Loaded] = []
    for path, rel in files:
        try:
            size = limits.check_size(path, limits.MAX_JSON_BYTES)
            data = path.read_bytes()
        except InputError as exc:
            problems += exc.problems
            continue
        parsed = decode_json(str(path), data)
        if isinstance(parsed, InputProblem):
            problems.append(parsed)
            continue
        loaded.append((RawFile(rel, hashlib.sha256(data).hexdigest(), size, path, data), parsed))
    if problems:
        raise InputError(problems, f"{len(problems)} berkas JSON tidak dapat dibaca; tidak ada yang disimpan")
    return loaded


def _is_master(item: Loaded) -> bool:
    raw, data = item
    return record_kind(data) not in ("tps", "aggregate") and is_master_file(Path(raw.relpath), data)


def _group(
    loaded: list[Loaded], masters: list[Loaded], race: str | None
) -> tuple[dict[tuple[SnapshotKind, str], list[Loaded]], int]:
    master_ids = {id(item[1]) for item in masters}
    problems, listings = [], 0
    pending: list[tuple[SnapshotKind, str | None, Loaded]] = []
    for raw, data in loaded:
        kind = record_kind(data)
        if id(data) in master_ids or kind == "listing":
            listings += kind == "listing"
            continue
        if kind == "unknown":
            problems.append(InputProblem(str(raw.path), "bentuk JSON bukan rekaman TPS/agregat Sirekap"))
            continue
        snapshot_kind = SnapshotKind.TPS_JSON if kind == "tps" else SnapshotKind.AGGREGATE
        pending.append((snapshot_kind, race_from_name(raw.relpath) or _image_race(data) or race, (raw, data)))
    if problems:
        raise InputError(problems)
    return _resolve_races(pending), listings


def _resolve_races(
    pending: list[tuple[SnapshotKind, str | None, Loaded]],
) -> dict[tuple[SnapshotKind, str], list[Loaded]]:
    """Records that name no race take the only race their kind shows in this tree, else the only
    race the whole tree shows (aggregates carry no photo URLs), else `unknown`."""
    seen: dict[SnapshotKind, Counter[str]] = {}
    for kind, found, _ in pending:
        if found:
            seen.setdefault(kind, Counter())[found] += 1
    everywhere = {race for races in seen.values() for race in races}
    tree_race = next(iter(everywhere)) if len(everywhere) == 1 else "unknown"
    groups: dict[tuple[SnapshotKind, str], list[Loaded]] = {}
    for kind, found, item in pending:
        races = seen.get(kind, Counter())
        fallback = next(iter(races)) if len(races) == 1 else tree_race
        groups.setdefault((kind, found or fallback), []).append(item)
    return groups


def race_from_url(url: str) -> str | None:
    """`.../pemilu/ppwp/15/...jpg` → `ppwp` (C.Hasil photo URLs name their race)."""
    match = IMAGE_RACE.search(url)
    return match.group(1) if match else None


def _image_race(data: Any) -> str | None:
    images = data.get("images") if isinstance(data, dict) else None
    urls = [u for u in images if isinstance(u, str)] if isinstance(images, list) else []
    return next((race for race in map(race_from_url, urls) if race), None)


def _frame(
    kind: SnapshotKind, items: list[Loaded], paslon: PaslonDirectory, wilayah: Wilayah | None, root: str
) -> pl.DataFrame:
    bad = JsonProblems()
    if kind is SnapshotKind.TPS_JSON:
        rows = [
            tps_row(str(raw.path), raw.path.stem, data, paslon, bad) | {FILE: str(raw.path)}
            for raw, data in items
        ]
        _raise(bad, root)
        text = pl.DataFrame(rows, schema=dict.fromkeys(_all_keys(rows), pl.String)).with_columns(
            pl.lit(None, pl.Int64).alias(LINE)
        )
        return typed_tps(text, root, wilayah, JSON_FIELD_NAMES)
    rows = []
    for raw, data in items:
        code = raw.path.stem
        if not (code.isdigit() and len(code) in (2, 4, 6, 10)):
            bad.add(str(raw.path), f"C14 nama berkas agregat {code!r} bukan kode wilayah", "file")
            continue
        rows += aggregate_rows(str(raw.path), code, data, paslon, bad, raw.relpath)
    frame = pl.DataFrame(rows, schema=AGGREGATE_SCHEMA)
    _check_aggregate_units(frame, wilayah, bad)
    _raise(bad, root)
    return frame


def _all_keys(rows: list[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    return list(keys)


def _check_aggregate_units(frame: pl.DataFrame, wilayah: Wilayah | None, bad: JsonProblems) -> None:
    files = (
        frame.filter(pl.col("role") == "self").select("file", "file_unit").unique().get_column("file_unit")
    )
    for code in files.filter(files.is_duplicated()).unique().to_list():
        bad.add(code, f"C13 agregat wilayah {code} muncul lebih dari sekali dalam satu snapshot", "file")
    if wilayah is None or not wilayah.units:
        return
    units = frame.select("file", "unit").unique()
    for file, unit in units.iter_rows():
        check = unit[:10] if len(unit) == 13 else unit
        if wilayah.covers(unit) and not wilayah.knows(check):
            bad.add(file, f"C14 wilayah {unit} tidak ada dalam referensi wilayah", f"table.{unit}")


def _raise(bad: JsonProblems, root: str) -> None:
    if bad.items:
        raise InputError(bad.items, f"{len(bad.items)} masalah data di {root}; tidak ada yang disimpan")
