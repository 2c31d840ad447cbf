"""The content markers of `data/markers.yaml`: defacement phrases, the Indonesian defacement page
pattern, and gambling/slot-spam keywords, matched case-insensitively on whole words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from awas.errors import InputError, InputProblem

MARKERS_FILE = Path(__file__).parent / "data" / "markers.yaml"
LISTS = ("defacement_markers", "indonesian_pattern", "gambling_strong", "gambling")


@dataclass(frozen=True, slots=True)
class MarkerSet:
    defacement: tuple[str, ...]
    indonesian: tuple[str, ...]
    gambling_strong: tuple[str, ...]
    gambling: tuple[str, ...]

    def found(self, text: str) -> dict[str, list[str]]:
        """For each list, the phrases present in `text` (lower-cased by the caller)."""
        return {
            "defacement": _present(self.defacement, text),
            "indonesian": _present(self.indonesian, text),
            "gambling_strong": _present(self.gambling_strong, text),
            "gambling": _present(self.gambling, text),
        }


def _present(phrases: tuple[str, ...], text: str) -> list[str]:
    return [p for p in phrases if _pattern(p).search(text)]


@lru_cache(maxsize=512)
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])")


@lru_cache(maxsize=4)
def load_markers(path: Path = MARKERS_FILE) -> MarkerSet:
    """Read the marker lists; InputError naming the file and the bad list."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(InputProblem(str(path), f"tidak dapat dibaca: {exc}")) from None
    if not isinstance(data, dict):
        raise InputError(InputProblem(str(path), "harus berisi pemetaan YAML"))
    lists = {}
    for name in LISTS:
        items = data.get(name)
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise InputError(InputProblem(str(path), "harus daftar teks yang tidak kosong", field=name))
        lists[name] = tuple(dict.fromkeys(i.strip().lower() for i in items))
    return MarkerSet(*(lists[name] for name in LISTS))
