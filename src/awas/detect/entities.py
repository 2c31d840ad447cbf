"""Paslon and entity linking: which race and which paslon a post is about.

Aliases come from the reference package (cleaned kepala/wakil names, the pair's short name) and from
`rules/entities.yaml` (nicknames, slogans, parties, coalitions, each with source and status). A
single-word name becomes an alias only when it is distinctive (5+ letters, not a common word, not
shared by two paslon), so "Sani" or "Amin" alone link nothing. Ballot numbers ("nomor 2", "02",
"coblos 2") link to a paslon only when the race is clear: one election for the post's region, or a
race word (gubernur / bupati / wali kota), or a named paslon of that race in the same post.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from awas.domain.elections import Election, Paslon
from awas.text import normalise
from awas.text.lexicon import lexicon

_TITLE = re.compile(r"\b(?:h|hj|dr|drs|ir|letjen|purn|prof|kh)\b\.?", re.IGNORECASE)
_BALLOT = re.compile(
    r"\b(?:nomor urut|nomor|no|paslon|pasangan|coblos|nyoblos|pilih|salam)"
    r" (0?[1-5]|satu|dua|tiga|empat|lima)\b|(?<![\d ])\b0([1-5])\b"
)
_ANY_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5}


@dataclass(frozen=True, slots=True)
class EntityMention:
    kind: str  # "paslon" | "party" | "ballot_number"
    text: str  # the normalised words matched
    start: int  # character offsets in the normalised text
    end: int
    paslon_ids: tuple[str, ...] = ()
    election_ids: tuple[str, ...] = ()
    status: str = "verified"
    source: str = ""


@dataclass(frozen=True, slots=True)
class _Alias:
    words: tuple[str, ...]
    kind: str
    paslon_ids: tuple[str, ...]
    status: str
    source: str


@cache
def entity_data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        (files("awas.detect") / "rules" / "entities.yaml").read_text("utf-8")
    )
    return loaded


def clean_person_name(name: str) -> str:
    """'Dr. H. AL HARIS, S.Sos., M.H.' → 'al haris' (titles before the name, degrees after a comma)."""
    return normalise(_TITLE.sub(" ", name.split(",")[0].replace("(", " ").replace(")", " ")))


class EntityLinker:
    """Built once per detection context from the reference paslon and elections."""

    def __init__(self, paslon: Sequence[Paslon], elections: dict[str, Election]) -> None:
        self._paslon = {p.id: p for p in paslon}
        self._elections = elections
        self._aliases: dict[str, list[_Alias]] = defaultdict(list)
        for alias in self._build_aliases():
            self._aliases[alias.words[0]].append(alias)
        self.first_words = frozenset(self._aliases)
        data = entity_data()
        self._race_words = {race: {normalise(w) for w in words} for race, words in data["race_terms"].items()}

    def _build_aliases(self) -> list[_Alias]:
        found: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for p in self._paslon.values():
            for name in (p.kepala, p.wakil, p.short_name.replace("-", " ")):
                words = tuple(clean_person_name(name).split()) if name else ()
                if words and (len(words) > 1 or _distinctive(words[0])):
                    found[words].add(p.id)
                if len(words) > 1 and _distinctive(words[-1]):
                    found[words[-1:]].add(p.id)
        aliases = [
            _Alias(w, "paslon", tuple(sorted(ids)), "verified", "reference paslon (KPU Sirekap)")
            for w, ids in found.items()
            if len(ids) == 1 or len(w) > 1
        ]
        return aliases + list(_yaml_aliases(self._paslon))

    def link(self, text: str, region: str | None) -> list[EntityMention]:
        """Entity mentions in normalised `text`; `region` is the post's wilayah code if known."""
        words = text.split()
        mentions = self._named(words) if self.first_words.intersection(words) else []
        if _ANY_DIGIT.search(text) or " dua" in text or " satu" in text:
            mentions.extend(self._ballots(text, words, region, mentions))
        return mentions

    def paslon_of(self, text: str, region: str | None = None) -> tuple[str, ...]:
        """The paslon a raw `text` is about, as a finding decides it (`routing.finding_place`): the
        one paslon its mentions name, or () when none or several are named. Never raises."""
        named = {p for m in self.link(normalise(text), region) for p in m.paslon_ids}
        return tuple(named) if len(named) == 1 else ()

    def _named(self, words: list[str]) -> list[EntityMention]:
        """Longest alias at each position, left to right, never overlapping ("partai golkar" once)."""
        candidates = self.first_words.intersection(words)
        positions = [i for i, w in enumerate(words) if w in candidates]
        starts = [0, *itertools.accumulate(len(w) + 1 for w in words)]
        mentions: list[EntityMention] = []
        covered = -1
        for index in positions:
            if index < covered:
                continue
            found = [
                a
                for a in self._aliases[words[index]]
                if tuple(words[index : index + len(a.words)]) == a.words
            ]
            if not found:
                continue
            alias = max(found, key=lambda a: len(a.words))
            mentions.append(self._mention(alias, starts[index]))
            covered = index + len(alias.words)
        return mentions

    def _mention(self, alias: _Alias, start: int) -> EntityMention:
        elections = tuple(sorted({self._paslon[p].election_id for p in alias.paslon_ids}))
        text = " ".join(alias.words)
        return EntityMention(
            alias.kind,
            text,
            start,
            start + len(text),
            alias.paslon_ids,
            elections,
            alias.status,
            alias.source,
        )

    def _ballots(
        self, text: str, words: list[str], region: str | None, named: list[EntityMention]
    ) -> list[EntityMention]:
        races = self._candidate_elections(set(words), region, named)
        mentions = []
        for match in _BALLOT.finditer(text):
            raw = match.group(1) or match.group(2)
            number = _NUMBER_WORDS.get(raw) or int(raw)
            paslon = [
                p.id for p in self._paslon.values() if p.election_id in races and p.nomor_urut == number
            ]
            linked = tuple(paslon) if len(races) == 1 else ()
            mentions.append(
                EntityMention(
                    "ballot_number", match.group(0), match.start(), match.end(), linked, tuple(sorted(races))
                )
            )
        return mentions

    def _candidate_elections(
        self, words: set[str], region: str | None, named: list[EntityMention]
    ) -> set[str]:
        from_names = {e for m in named if m.kind == "paslon" for e in m.election_ids}
        if from_names:
            return from_names
        text_words = " ".join(sorted(words))
        pilgub = any(w in words or w in text_words for w in self._race_words["pilgub"])
        local = any(w in words or w in text_words for w in self._race_words["local"])
        in_region = {e.id for e in self._elections.values() if _covers(e, region)}
        if pilgub and not local:
            return {e for e in in_region if self._elections[e].kind == "pilgub"} or {
                e.id for e in self._elections.values() if e.kind == "pilgub"
            }
        if local and not pilgub:
            return {e for e in in_region if self._elections[e].kind != "pilgub"}
        return in_region if region and len(in_region) == 1 else set()


def _covers(election: Election, region: str | None) -> bool:
    return region is not None and (
        region == election.region_code or region.startswith(election.region_code + ".")
    )


def _distinctive(word: str) -> bool:
    return len(word) >= 5 and word.isalpha() and word not in lexicon().known_words


def _yaml_aliases(paslon: dict[str, Paslon]) -> Iterable[_Alias]:
    data = entity_data()
    for row in data["paslon_aliases"]:
        if row["paslon"] in paslon:
            yield _Alias(
                tuple(normalise(row["alias"]).split()),
                "paslon",
                (row["paslon"],),
                row["status"],
                row["source"],
            )
    coalitions: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in data["coalitions"]:
        coalitions[row["party"]].append(row)
    for party in data["parties"]:
        backers = [c for c in coalitions.get(party["id"], []) if c["paslon"] in paslon]
        status = backers[0]["status"] if backers else party["status"]
        for name in party["names"]:
            words = tuple(normalise(name).split())
            yield _Alias(words, "party", tuple(c["paslon"] for c in backers), status, party["source"])
