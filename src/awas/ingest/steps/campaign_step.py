"""A transparent campaign-content signal: does a post name a paslon and use campaign vocabulary?

`campaign_terms` lists what matched (`paslon:<id>`, `nomor:<n>`, `kata:<word>`), so an analyst can
see why a post counts. `campaign` is true when the post refers to a paslon (a candidate's name,
the pair's short name, or a ballot number written as one: "nomor urut 2", "paslon 02",
"coblos no. 1") **and** uses campaign vocabulary (coblos, pilih, menangkan, dukung, kampanye...).
This feeds the list of unregistered accounts that campaign; the fuller classifier is awas.detect's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from awas.domain.elections import Paslon

VOCABULARY = (
    "coblos", "nyoblos", "pilih", "pilihlah", "menangkan", "memenangkan", "dukung", "dukungan", "kampanye",
    "paslon", "cagub", "cawagub", "cabup", "cawabup", "cawako", "cawawako", "calon gubernur", "calon bupati",
    "calon wali kota", "calon walikota", "pilkada", "pilgub", "pilbup", "pilwako", "tim pemenangan",
    "relawan", "visi misi", "satu putaran", "menang", "suara", "tps", "27 november", "gubernur", "bupati",
)  # fmt: skip
NUMBER = r"(?:paslon|nomor urut|no\.? ?urut|nomor|no\.?|coblos(?: nomor| no\.?)?|nomer)\s*0?([1-5])\b"
TITLES = re.compile(
    r"\b(h|hj|dr|drs|ir|prof|letjen|purn|kh|st|se|sh|mh|mm|msi|mpd|spd|ssos|skm|mkes|mag|me|sp|spot|mkn)\b"
)
COMMON_NAMES = frozenset({"abdul", "muhammad", "agus", "amin", "tri", "jun", "bbs", "nor", "kolom", "kosong"})


def _clean(name: str) -> str:
    name = name.split(",")[0].lower()
    name = re.sub(r"\(.*?\)|[^a-z ]+", " ", name)
    return " ".join(TITLES.sub(" ", name).split())


@dataclass
class CampaignLexicon:
    """Name patterns → paslon ids, built from the reference paslon (picklable for Ray)."""

    names: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, paslon: Iterable[tuple[str, Paslon]]) -> CampaignLexicon:
        lexicon = cls()
        for pid, p in paslon:
            if p.kolom_kosong:
                continue
            short_parts = [_clean(s) for s in p.short_name.split("-")]
            for name in [_clean(p.kepala), _clean(p.wakil), " ".join(short_parts), *short_parts]:
                if len(name) >= 4 and name not in COMMON_NAMES:
                    lexicon.names.setdefault(name, set()).add(pid)
        return lexicon

    def patterns(self) -> list[str]:
        return [f" {n} " for n in sorted(self.names)] + [f" {v} " for v in VOCABULARY]


def campaign_signal(batch: pl.DataFrame, lexicon: CampaignLexicon) -> pl.DataFrame:
    """Add `campaign_terms` (list) and `campaign` (bool)."""
    prepared = " " + batch["text"].str.to_lowercase().str.replace_all(r"[^0-9a-z]+", " ") + " "
    found = prepared.str.extract_many(lexicon.patterns(), overlapping=True).to_list()
    numbers = batch["text"].str.to_lowercase().str.extract_all(NUMBER).to_list()
    terms = [_terms(lexicon, f or [], n or []) for f, n in zip(found, numbers, strict=True)]
    flags = [any(t.startswith(("paslon:", "nomor:")) for t in ts) and any(t.startswith("kata:") for t in ts) for ts in terms]  # fmt: skip
    return batch.with_columns(
        pl.Series("campaign_terms", terms, dtype=pl.List(pl.String)),
        pl.Series("campaign", flags, dtype=pl.Boolean),
    )


def _terms(lexicon: CampaignLexicon, found: list[str], numbers: list[str]) -> list[str]:
    terms: list[str] = []
    for match in dict.fromkeys(m.strip() for m in found):
        if match in lexicon.names:
            terms += [f"paslon:{pid}" for pid in sorted(lexicon.names[match])]
        else:
            terms.append(f"kata:{match}")
    terms += [f"nomor:{re.sub(r'[^1-5]', '', n)[-1]}" for n in numbers]
    return list(dict.fromkeys(terms))
