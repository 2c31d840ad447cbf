"""Match lexicon rule entries against one normalised post, fast when nothing matches.

Word patterns are indexed by their first word; a post's word set is intersected with that index
(one C-level set operation), and only posts that share a first word are scanned further. Regex
patterns run on every post, so keep them few and anchored on rare tokens.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from awas.detect.lexicon_rules import Pattern, RuleEntry, RuleHit

Span = tuple[int, int]
ROLES = ("patterns", "near", "unless")


@dataclass
class _Found:
    spans: dict[tuple[str, str], list[Span]] = field(default_factory=lambda: defaultdict(list))


class RuleMatcher:
    """Built once from entries; `match` is then called per post."""

    def __init__(self, entries: Iterable[RuleEntry]) -> None:
        self.entries = tuple(entries)
        self._by_first: dict[str, list[tuple[str, str, Pattern]]] = defaultdict(list)
        self._regexes: list[tuple[str, str, Pattern]] = []
        for entry in self.entries:
            for role in ROLES:
                for pattern in getattr(entry, role):
                    if pattern.regex is not None:
                        self._regexes.append((entry.id, role, pattern))
                    else:
                        self._by_first[_anchor(pattern.words)].append((entry.id, role, pattern))
        # Indexed by each pattern's longest word (its rarest, usually): "di sekolah" waits for "sekolah".
        self.first_words = frozenset(self._by_first)
        self._entries = {e.id: e for e in self.entries}
        # An entry is worth scanning only if one of its primary anchors is in the post and, for a
        # `near` entry, one of its partner anchors too (or a partner regex may match).
        self._by_primary: dict[str, set[str]] = defaultdict(set)
        self._always: set[str] = set()
        self._partners: dict[str, frozenset[str] | None] = {}
        for entry in self.entries:
            for pattern in entry.patterns:
                if pattern.regex is None:
                    self._by_primary[_anchor(pattern.words)].add(entry.id)
                else:
                    self._always.add(entry.id)
            partner_regex = any(p.regex is not None for p in entry.near)
            partners = frozenset(_anchor(p.words) for p in entry.near if p.regex is None)
            self._partners[entry.id] = None if entry.kind != "near" or partner_regex else partners

    def match(self, text: str, *, election_context: bool, stages: frozenset[str]) -> list[RuleHit]:
        """Entries that fire on normalised `text`, given the post's context."""
        words = text.split()
        found = self._find(text, words)
        if not found.spans:
            return []
        hits: list[RuleHit] = []
        for entry_id in {key[0] for key in found.spans}:
            entry = self._entries[entry_id]
            if entry.needs_context and not election_context:
                continue
            if entry.when and not stages.intersection(entry.when):
                continue
            hit = _evaluate(entry, found)
            if hit is not None:
                hits.append(hit)
        return sorted(hits, key=lambda h: (h.start, h.entry.id))

    def _find(self, text: str, words: list[str]) -> _Found:
        found = _Found()
        present = set(words)
        candidates = self.first_words.intersection(present)
        live = self._live_entries(candidates, present)
        if live:
            positions: dict[str, list[int]] = defaultdict(list)
            for index, word in enumerate(words):
                if word in candidates:
                    positions[word].append(index)
            for first in candidates:
                for entry_id, role, pattern in self._by_first[first]:
                    if entry_id not in live:
                        continue
                    spans = _word_spans(pattern.words, words, positions[first], pattern.words.index(first))
                    if spans:
                        found.spans[(entry_id, role)].extend(spans)
        if self._regexes:
            starts: list[int] | None = None
            for entry_id, role, pattern in self._regexes:
                assert pattern.regex is not None
                if pattern.regex.search(text) is None:
                    continue
                starts = starts if starts is not None else _word_starts(words)
                found.spans[(entry_id, role)].extend(_regex_spans(pattern, text, starts))
        return found

    def _live_entries(self, candidates: frozenset[str], present: set[str]) -> set[str]:
        live = {entry_id for word in candidates for entry_id in self._by_primary.get(word, ())} | self._always
        return {
            e for e in live if (partners := self._partners[e]) is None or not partners.isdisjoint(present)
        }


def _anchor(pattern: tuple[str, ...]) -> str:
    return max(pattern, key=len)


def _word_spans(pattern: tuple[str, ...], words: list[str], hits: list[int], offset: int = 0) -> list[Span]:
    """Spans of `pattern` among `words`, given the positions `hits` of its word number `offset`."""
    size = len(pattern)
    if size == 1:
        return [(i, i + 1) for i in hits]
    return [
        (i - offset, i - offset + size)
        for i in hits
        if i >= offset and tuple(words[i - offset : i - offset + size]) == pattern
    ]


def _word_starts(words: list[str]) -> list[int]:
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return starts


def _regex_spans(pattern: Pattern, text: str, starts: list[int]) -> list[Span]:
    assert pattern.regex is not None
    spans = []
    for match in pattern.regex.finditer(text):
        first = bisect.bisect_right(starts, match.start()) - 1
        last = bisect.bisect_left(starts, match.end())
        spans.append((max(first, 0), max(last, first + 1)))
    return spans


def _evaluate(entry: RuleEntry, found: _Found) -> RuleHit | None:
    """The first occurrence that satisfies the entry (partner nearby, no blocker in or before it)."""
    primary = found.spans.get((entry.id, "patterns"), [])
    blockers = found.spans.get((entry.id, "unless"), [])
    partners = found.spans.get((entry.id, "near"), [])
    for start, end in sorted(primary):
        if entry.kind == "near":
            close = [p for p in partners if p[0] - end <= entry.window and start - p[1] <= entry.window]
            if not close:
                continue
            # Ties go to the earlier partner: the spans arrive in set order, which varies per process.
            near_start, near_end = min(close, key=lambda p: (abs(p[0] - start), p))
            start, end = min(start, near_start), max(end, near_end)
        if not any(start - entry.window <= b_start < end for b_start, _ in blockers):
            return RuleHit(entry, start, end)
    return None


def has_any(text: str, patterns: Iterable[Pattern]) -> list[Span]:
    """Word spans where any of `patterns` occurs in normalised `text` (slow path: context checks)."""
    words = text.split()
    present = set(words)
    spans: list[Span] = []
    for pattern in patterns:
        if pattern.regex is not None:
            spans.extend(_regex_spans(pattern, text, _word_starts(words)))
        elif pattern.words[0] in present:
            spans.extend(
                _word_spans(pattern.words, words, [i for i, w in enumerate(words) if w == pattern.words[0]])
            )
    return spans
