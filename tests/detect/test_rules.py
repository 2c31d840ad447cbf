"""Every lexicon rule entry is checked on its own examples and counterexamples (a test per entry)."""

from __future__ import annotations

import pytest

from awas.detect.lexicon_rules import RuleEntry, compile_pattern, context_patterns, rule_entries
from awas.detect.rule_matcher import RuleMatcher, has_any
from awas.text import normalise

ENTRIES = rule_entries()
MATCHER = RuleMatcher(ENTRIES)


def _fired(text: str, stages: frozenset[str], *, context: bool | None = None) -> set[str]:
    normalised = normalise(text)
    election = bool(has_any(normalised, context_patterns())) if context is None else context
    return {hit.entry.id for hit in MATCHER.match(normalised, election_context=election, stages=stages)}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_fires_on_each_of_its_examples(entry: RuleEntry) -> None:
    assert entry.examples, f"{entry.id} has no example"
    for example in entry.examples:
        assert entry.id in _fired(example, frozenset(entry.when)), example


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_stays_silent_on_each_of_its_counterexamples(entry: RuleEntry) -> None:
    assert entry.counterexamples, f"{entry.id} has no counterexample"
    for example in entry.counterexamples:
        assert entry.id not in _fired(example, frozenset(entry.when)), example


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.when], ids=lambda e: e.id)
def test_schedule_bound_entry_is_silent_outside_its_phases(entry: RuleEntry) -> None:
    for example in entry.examples:
        assert entry.id not in _fired(example, frozenset({"kampanye"}))


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.needs_context], ids=lambda e: e.id)
def test_context_bound_entry_needs_an_election_context(entry: RuleEntry) -> None:
    for example in entry.examples:
        assert entry.id not in _fired(example, frozenset(entry.when), context=False)


def test_entries_have_sane_fields() -> None:
    for entry in ENTRIES:
        assert 0 < entry.weight < 1
        assert entry.status in {"verified", "sourced", "conflict", "unverified"}
        assert entry.description and entry.source
        assert entry.kind in {"phrase", "near"}
        assert entry.kind != "near" or entry.near


def test_patterns_meet_obfuscated_spellings() -> None:
    assert "mp.serangan_fajar" in _fired("S3R4NG4N   F4J4R sudah mulai", frozenset())
    assert "mp.serangan_fajar" in _fired("#SeranganFajar di desa kami", frozenset())


def test_an_empty_pattern_is_refused() -> None:
    with pytest.raises(ValueError):
        compile_pattern("!!!")


def test_regex_patterns_report_word_spans() -> None:
    spans = has_any(normalise("dapat 50rb tiap orang"), [compile_pattern("re:\\b\\d+ ribu\\b")])
    assert spans == [(1, 3)]
