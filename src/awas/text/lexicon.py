"""The normaliser's dictionaries, read once from `awas/text/data/` (see PROVENANCE.md there).

- slang → standard form: Ibrohim & Budi's `new_kamusalay.csv`, Netifier's `slangword.csv`, then our
  own `slang_awas.csv` (regional Jambi Malay / Minang / Javanese words, amounts, ballot numbers); a
  later file overrides an earlier one;
- emoji → words (`emoji.csv`);
- known words (every standard form above, plus `words.txt`: words seen 3+ times in the normalised
  training text and Jambi place names), used to undo repeated letters and to split hashtags.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

SLANG_FILES = ("slang_kamusalay.csv", "slang_netifier.csv", "slang_awas.csv")


@dataclass(frozen=True, slots=True)
class Lexicon:
    slang: dict[str, str]
    emoji: dict[str, str]
    known_words: frozenset[str]


def _read_rows(name: str) -> list[dict[str, str]]:
    text = (files("awas.text") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _read_words(name: str) -> list[str]:
    text = (files("awas.text") / "data" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _read_slang() -> dict[str, str]:
    slang: dict[str, str] = {}
    for name in SLANG_FILES:
        for row in _read_rows(name):
            slang[row["slang"].strip().lower()] = row["standard"].strip().lower()
    return {key: value for key, value in slang.items() if key}


@cache
def lexicon() -> Lexicon:
    """The bundled lexicon (loaded on first use, then shared)."""
    slang = _read_slang()
    emoji = {row["emoji"]: row["words"] for row in _read_rows("emoji.csv")}
    known = {word for value in slang.values() for word in value.split() if word.isalpha()}
    known.update(key for key, value in slang.items() if key == value)
    known.update(_read_words("words.txt"))
    return Lexicon(slang=slang, emoji=emoji, known_words=frozenset(known))
