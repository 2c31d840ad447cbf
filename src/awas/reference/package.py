"""A reference package on disk: its manifest (`package.yaml`) and where the bundled one lives."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import yaml

from awas.errors import InputProblem

BUNDLED_PACKAGE = "jambi-2024"
MANIFEST_KEYS = ("name", "version", "title", "province", "timezone")


@dataclass(frozen=True)
class Manifest:
    name: str
    version: str
    title: str
    province: str
    timezone: str
    raw: dict[str, Any]


def bundled_package_dir(name: str = BUNDLED_PACKAGE) -> Path:
    """Folder of a package shipped inside awas (a real path: wheels are installed unpacked)."""
    with as_file(files("awas.reference") / "data" / name) as path:
        return Path(path)


def read_manifest(folder: Path) -> tuple[Manifest | None, list[InputProblem]]:
    path = folder / "package.yaml"
    if not path.is_file():
        return None, [InputProblem(str(path), "package manifest is missing")]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        return None, [
            InputProblem(str(path), f"not valid YAML: {exc}", line=None if line is None else line + 1)
        ]
    if not isinstance(raw, dict):
        return None, [InputProblem(str(path), "must be a YAML mapping")]
    missing = [k for k in MANIFEST_KEYS if not str(raw.get(k) or "").strip()]
    if missing:
        return None, [InputProblem(str(path), "required key is missing", field=k) for k in missing]
    return Manifest(**{k: str(raw[k]) for k in MANIFEST_KEYS}, raw=raw), []


def content_sha256(folder: Path) -> str:
    """Hash of every file's relative name and bytes, so a changed package is recognised."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
