"""Check a whole reference package before anything is loaded: every file, then every cross-reference.

`validate_package` raises InputError listing every problem (file, line, field) or returns the parsed
package, ready for `load_package`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awas.domain.regions import CODE_PATTERNS, RegionLevel, parent_of, plain_code
from awas.errors import InputError, InputProblem
from awas.reference.package import Manifest, content_sha256, read_manifest
from awas.reference.reader import ParsedFile, decode_utf8, read_csv
from awas.reference.specs import SPECS
from awas.reference.validate_workflow import WORKFLOW_CHECKS

GEOJSON = "kabkota.geojson"
ELECTION_LEVEL = {"pilgub": "provinsi", "pilbup": "kabkota", "pilwako": "kabkota"}


@dataclass
class ValidPackage:
    folder: Path
    manifest: Manifest
    sha256: str
    files: dict[str, ParsedFile]
    shapes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rows(self, name: str) -> list[dict[str, Any]]:
        parsed = self.files.get(name)
        return parsed.rows if parsed else []


def validate_package(folder: Path) -> ValidPackage:
    """Parse and cross-check every file of the package in `folder`; raise InputError on any problem."""
    if not folder.is_dir():
        raise InputError(InputProblem(str(folder), "not a folder"))
    manifest, problems = read_manifest(folder)
    files = _read_files(folder, problems)
    shapes = _read_shapes(folder, problems)
    if manifest is None or problems:
        raise InputError(problems, f"reference package {folder} is invalid")
    package = ValidPackage(folder, manifest, content_sha256(folder), files, shapes)
    problems = list(_cross_check(package))
    if problems:
        raise InputError(problems, f"reference package {folder} is invalid")
    return package


def _read_files(folder: Path, problems: list[InputProblem]) -> dict[str, ParsedFile]:
    files: dict[str, ParsedFile] = {}
    for spec in SPECS:
        path = folder / spec.name
        if not path.is_file():
            if spec.required:
                problems.append(InputProblem(str(path), "required file is missing"))
            continue
        files[spec.name] = read_csv(path, spec)
        problems.extend(files[spec.name].problems)
    return files


def _read_shapes(folder: Path, problems: list[InputProblem]) -> dict[str, dict[str, Any]]:
    """Kab/kota boundaries (optional): code → {geometry, lat, lon}."""
    path = folder / GEOJSON
    if not path.is_file():
        return {}
    text, problem = decode_utf8(path, path.read_bytes())
    if problem or text is None:
        problems.append(problem or InputProblem(str(path), "unreadable"))
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(InputProblem(str(path), f"not valid JSON: {exc.msg}", line=exc.lineno))
        return {}
    return _shapes_from(path, data, problems)


def _shapes_from(path: Path, data: Any, problems: list[InputProblem]) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.append(InputProblem(str(path), "must be a GeoJSON FeatureCollection"))
        return {}
    shapes: dict[str, dict[str, Any]] = {}
    for index, feature in enumerate(data.get("features") or []):
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        code = str(props.get("code", ""))
        if (
            not code
            or not isinstance(geometry, dict)
            or geometry.get("type") not in ("Polygon", "MultiPolygon")
        ):
            problems.append(
                InputProblem(
                    str(path),
                    "feature needs properties.code and a (Multi)Polygon",
                    line=None,
                    field=f"features[{index}]",
                )
            )
            continue
        shapes[code] = {"geometry": geometry, "lat": props.get("lat"), "lon": props.get("lon")}
    return shapes


Check = Callable[[ValidPackage], Iterator[InputProblem]]


def _cross_check(package: ValidPackage) -> Iterator[InputProblem]:
    for check in CHECKS:
        yield from check(package)


def _each(package: ValidPackage, name: str) -> Iterator[tuple[dict[str, Any], InputProblem]]:
    """Rows of a file with a problem template pointing at the row's line."""
    parsed = package.files.get(name)
    if parsed is None:
        return
    for row, line in zip(parsed.rows, parsed.lines, strict=True):
        yield row, InputProblem(str(parsed.path), "", line=line)


def _at(template: InputProblem, column: str, reason: str) -> InputProblem:
    return InputProblem(template.file, reason, line=template.line, field=column)


def _check_wilayah(package: ValidPackage) -> Iterator[InputProblem]:
    codes = {row["code"]: row["level"] for row in package.rows("wilayah.csv")}
    province = package.manifest.province
    for row, where in _each(package, "wilayah.csv"):
        code, level = row["code"], RegionLevel(row["level"])
        if not CODE_PATTERNS[level].match(code):
            yield _at(where, "code", f"{code!r} is not a well-formed {level} code")
        elif not code.startswith(province):
            yield _at(where, "code", f"{code!r} is outside province {province} named in package.yaml")
        elif level != RegionLevel.PROVINSI and codes.get(parent_of(code) or "") is None:
            yield _at(where, "code", f"parent {parent_of(code)!r} of {code!r} is not in wilayah.csv")
    if province not in codes:
        yield InputProblem(str(package.folder / "wilayah.csv"), f"province {province} has no row")


def _check_shapes(package: ValidPackage) -> Iterator[InputProblem]:
    kab = {r["code"] for r in package.rows("wilayah.csv") if r["level"] == "kabkota"}
    for code in sorted(set(package.shapes) - kab):
        yield InputProblem(
            str(package.folder / GEOJSON), f"feature code {code!r} is not a kab/kota in wilayah.csv"
        )


def _region_ref(
    package: ValidPackage, name: str, column: str, optional: bool = False
) -> Iterator[InputProblem]:
    codes = {r["code"] for r in package.rows("wilayah.csv")}
    for row, where in _each(package, name):
        value = row[column]
        if not (optional and not value) and value not in codes:
            yield _at(where, column, f"region {value!r} is not in wilayah.csv")


def _check_elections(package: ValidPackage) -> Iterator[InputProblem]:
    yield from _region_ref(package, "elections.csv", "region_code")
    levels = {r["code"]: r["level"] for r in package.rows("wilayah.csv")}
    for row, where in _each(package, "elections.csv"):
        level = levels.get(row["region_code"])
        if level and level != ELECTION_LEVEL[row["kind"]]:
            yield _at(
                where, "kind", f"a {row['kind']} is held in a {ELECTION_LEVEL[row['kind']]}, not a {level}"
            )
        if row["sirekap_area"] != plain_code(row["region_code"]):
            yield _at(
                where, "sirekap_area", f"must be {plain_code(row['region_code'])!r} for {row['region_code']}"
            )


def _check_paslon(package: ValidPackage) -> Iterator[InputProblem]:
    election_ids = {r["id"] for r in package.rows("elections.csv")}
    seen: dict[str, int | None] = {}
    for row, where in _each(package, "paslon.csv"):
        if row["election_id"] not in election_ids:
            yield _at(where, "election_id", f"election {row['election_id']!r} is not in elections.csv")
        if row["sirekap_id"] in seen:
            yield _at(
                where,
                "sirekap_id",
                f"duplicate sirekap_id {row['sirekap_id']!r} (first on line {seen[row['sirekap_id']]})",
            )
        seen.setdefault(row["sirekap_id"], where.line)
    for election in sorted(election_ids - {r["election_id"] for r in package.rows("paslon.csv")}):
        yield InputProblem(str(package.folder / "paslon.csv"), f"election {election!r} has no paslon")


def _check_periods(package: ValidPackage) -> Iterator[InputProblem]:
    for row, where in _each(package, "schedule.csv"):
        if row["ends_at"] < row["starts_at"]:
            yield _at(where, "ends_at", "ends before it starts")
    for row, where in _each(package, "handlers.csv"):
        if row["valid_from"] and row["valid_until"] and row["valid_until"] < row["valid_from"]:
            yield _at(where, "valid_until", "is before valid_from")


def _check_catalogue(package: ValidPackage) -> Iterator[InputProblem]:
    handler_ids = {r["id"] for r in package.rows("handlers.csv")}
    for row, where in _each(package, "categories.csv"):
        if row["handler"] not in handler_ids:
            yield _at(where, "handler", f"handler {row['handler']!r} is not in handlers.csv")
        if not row["legal_basis"]:
            yield _at(where, "legal_basis", "every category needs its legal basis")
    for row, where in _each(package, "organisations.csv"):
        if row["handler_id"] and row["handler_id"] not in handler_ids:
            yield _at(where, "handler_id", f"handler {row['handler_id']!r} is not in handlers.csv")
    for row, where in _each(package, "clocks.csv"):
        if row["amount"] == 0:
            yield _at(where, "amount", "a legal clock must run for at least one unit")


def _check_region_refs(package: ValidPackage) -> Iterator[InputProblem]:
    yield from _region_ref(package, "organisations.csv", "region_code", optional=True)
    yield from _region_ref(package, "ikp_baseline.csv", "region_code")
    yield from _region_ref(package, "region_stats.csv", "region_code")


CHECKS: tuple[Check, ...] = (
    _check_wilayah,
    _check_shapes,
    _check_elections,
    _check_paslon,
    _check_periods,
    _check_catalogue,
    _check_region_refs,
    *WORKFLOW_CHECKS,
)
