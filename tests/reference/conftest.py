from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from awas.reference.package import bundled_package_dir


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled reference package, to break in tests."""
    target = tmp_path / "package"
    shutil.copytree(bundled_package_dir(), target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
