"""Lexicon rules: editable YAML entries (`awas/detect/rules/*.yaml`) matched on normalised text.

An entry fires when its patterns match the normalised post (`awas.text.normalise`), so "4mpl0p",
"AMPLOP" and "#bagiamplop" all meet the entry "amplop". Entry kinds:

- `phrase`: any of `patterns` occurs as whole words;
- `near`: a pattern of `patterns` and one of `with` occur within `window` words of each other;
- patterns starting with `re:` are regular expressions over the normalised text (e.g. amounts).

Optional fields: `unless` (phrases that, within `window` words before the hit, cancel it: "tolak
politik uang"), `needs_context: election` (fires only when the post is about the election: a term
of `context.yaml` or a linked paslon), `when: [stage...]` (fires only when the post was created in
one of those schedule phases). Each entry carries `weight` (its score alone), `description` (shown
to reviewers, Bahasa Indonesia), `source`, `status`, and `examples` / `counterexamples` that the test
suite checks one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from awas.errors import InputError, InputProblem
from awas.text import normalise

RULE_FILES = (
    "money_politics.yaml",
    "official_neutrality.yaml",
    "venues.yaml",
    "child_involvement.yaml",
    "content.yaml",
    "schedule.yaml",
)
CONTEXT_FILE = "context.yaml"


@dataclass(frozen=True, slots=True)
class Pattern:
    words: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class RuleEntry:
    id: str
    category: str
    kind: str
    patterns: tuple[Pattern, ...]
    near: tuple[Pattern, ...]
    unless: tuple[Pattern, ...]
    window: int
    weight: float
    needs_context: bool
    when: tuple[str, ...]
    description: str
    source: str
    status: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleHit:
    """An entry that fired, with the matched word range of the normalised text."""

    entry: RuleEntry
    start: int  # word index
    end: int  # word index (exclusive)


def compile_pattern(raw: str) -> Pattern:
    if raw.startswith("re:"):
        return Pattern(regex=re.compile(raw[3:]))
    words = tuple(normalise(raw).split())
    if not words:
        raise ValueError(f"pattern {raw!r} is empty after normalisation")
    return Pattern(words=words)


def _entry(category: str, raw: dict[str, Any], where: str) -> RuleEntry:
    try:
        return RuleEntry(
            id=str(raw["id"]),
            category=category,
            kind=str(raw.get("kind", "phrase")),
            patterns=tuple(compile_pattern(p) for p in raw["patterns"]),
            near=tuple(compile_pattern(p) for p in raw.get("with", ())),
            unless=tuple(compile_pattern(p) for p in raw.get("unless", ())),
            window=int(raw.get("window", 8)),
            weight=float(raw["weight"]),
            needs_context=raw.get("needs_context") == "election",
            when=tuple(raw.get("when", ())),
            description=str(raw["description"]),
            source=str(raw.get("source", "")),
            status=str(raw.get("status", "unverified")),
            examples=tuple(raw.get("examples", ())),
            counterexamples=tuple(raw.get("counterexamples", ())),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise InputError(
            InputProblem(where, f"entri aturan tidak sah: {exc!r}", field=str(raw.get("id")))
        ) from exc


def read_rule_yaml(name: str) -> dict[str, Any]:
    text = (files("awas.detect") / "rules" / name).read_text(encoding="utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise InputError(InputProblem(name, "berkas aturan harus berupa pemetaan YAML"))
    return loaded


@cache
def rule_entries() -> tuple[RuleEntry, ...]:
    """Every bundled rule entry (read once). Raises InputError naming the file and entry if invalid."""
    entries: list[RuleEntry] = []
    for name in RULE_FILES:
        for group in read_rule_yaml(name)["groups"]:
            entries.extend(_entry(group["category"], raw, name) for raw in group["entries"])
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(InputProblem(RULE_FILES[0], f"id aturan ganda: {', '.join(duplicates)}"))
    return tuple(entries)


@cache
def context_patterns() -> tuple[Pattern, ...]:
    """Terms that make a post election-related (for `needs_context: election`)."""
    return tuple(compile_pattern(p) for p in read_rule_yaml(CONTEXT_FILE)["election_terms"])


@cache
def paid_patterns() -> tuple[Pattern, ...]:
    """Words that mark paid or sponsored content."""
    return tuple(compile_pattern(p) for p in read_rule_yaml(CONTEXT_FILE)["paid_markers"])


@cache
def campaign_patterns() -> tuple[Pattern, ...]:
    """Calls to vote / campaign wording (what makes a post campaign content, with a paslon)."""
    return tuple(compile_pattern(p) for p in read_rule_yaml(CONTEXT_FILE)["campaign_terms"])
