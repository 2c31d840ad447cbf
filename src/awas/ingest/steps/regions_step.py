"""Region attribution from the wilayah gazetteer: kab/kota, kecamatan and desa names in the text.

Matching is one Aho-Corasick pass per batch (`str.extract_many`) over lower-cased text whose
punctuation became spaces, so names match whole words only. Rules, in order:
- a region given by the source wins;
- names written with their level ("desa Pematang Pulai", "kecamatan Sekernan", "kab. Tebo") are
  strong; bare kab/kota names are strong; bare kecamatan and desa names only count when the name is
  not a common word and is unique in the gazetteer, or when a mentioned ancestor confirms it;
- ambiguous names (the same desa name in several kecamatan) are resolved by a mentioned ancestor;
  otherwise the post gets the deepest region all remaining candidates share, and every candidate
  is listed in `region_candidates` for the analyst.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from awas.domain.regions import Region, RegionLevel

LEVEL_WORDS = {
    RegionLevel.KABKOTA: ("kabupaten", "kab", "kota"),
    RegionLevel.KECAMATAN: ("kecamatan", "kec"),
    RegionLevel.DESA: ("desa", "kelurahan", "kel", "dusun"),
}
ALIASES = {
    "15.06": ("tanjabbar", "tanjab barat"),
    "15.07": ("tanjabtim", "tanjab timur"),
    "15.05": ("muarojambi", "muaro jambi"),
    "15.04": ("batang hari",),
    "15.72": ("sungaipenuh",),
    "15.71": ("kota jambi",),
}
# Bare words that are gazetteer names but mostly mean something else in a post.
COMMON_WORDS = frozenset(
    "baru kecil pondok balai tanjung pasar jaya indah makmur sari tengah pulau sungai talang bukit "
    "lubuk muara rantau teluk koto simpang parit suka mekar harapan sejahtera bungo jambi air danau "
    "kampung dusun lama hilir ulu mudik seberang kota tanah".split()
)


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())


@dataclass
class Gazetteer:
    """Name patterns → region codes, built once from the reference regions (picklable for Ray)."""

    strong: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    weak: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _patterns: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, regions: Iterable[Region]) -> Gazetteer:
        gaz = cls()
        for region in regions:
            gaz._add(region)
        for code, names in ALIASES.items():
            for name in names:
                gaz.strong[name].add(code)
        gaz.strong.pop("jambi", None)  # the province name alone says nothing more than "in Jambi"
        return gaz

    def _add(self, region: Region) -> None:
        if region.level is RegionLevel.PROVINSI:
            return
        name = _key(re.sub(r"^(kabupaten|kota)\s+", "", region.name, flags=re.I))
        for word in LEVEL_WORDS[region.level]:
            self.strong[f"{word} {name}"].add(region.code)
        if region.level is RegionLevel.KABKOTA and name != "jambi":
            self.strong[name].add(region.code)
        elif name not in COMMON_WORDS and len(name) >= 4:
            self.weak[name].add(region.code)

    def patterns(self) -> list[str]:
        if not self._patterns:
            self._patterns = [f" {p} " for p in sorted(set(self.strong) | set(self.weak))]
        return self._patterns


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def _common_ancestor(codes: set[str]) -> str | None:
    split = [c.split(".") for c in codes]
    shared: list[str] = []
    for segments in zip(*split, strict=False):
        if len(set(segments)) != 1:
            break
        shared.append(segments[0])
    return ".".join(shared) if shared else None


def resolve(gaz: Gazetteer, matched: Iterable[str]) -> tuple[str | None, list[str]]:
    """(region code or None, sorted candidate codes) for the names matched in one post."""
    keys = {p.strip() for p in matched}
    strong_keys = [k for k in keys if k in gaz.strong]
    # A bare name inside a longer match ("sekernan" in "kecamatan sekernan") is the same mention.
    weak_keys = [
        k for k in keys if k in gaz.weak and not any(s != k and s.endswith(" " + k) for s in strong_keys)
    ]
    groups = [(gaz.strong[k], True) for k in strong_keys] + [(gaz.weak[k], False) for k in weak_keys]
    candidates = set().union(*(g for g, _ in groups)) if groups else set()
    chosen: set[str] = set()
    for index, (group, strong) in enumerate(groups):
        context = set().union(*(g for i, (g, _) in enumerate(groups) if i != index)) if groups else set()
        chosen |= _pick(group, strong, context)
    leaves = {c for c in chosen if not any(o != c and o.startswith(c + ".") for o in chosen)}
    return (_common_ancestor(leaves) if leaves else None), sorted(candidates)


def _pick(group: set[str], strong: bool, context: set[str]) -> set[str]:
    """The codes one matched name stands for, given the regions the other names mention."""
    confirmed = {c for c in group if set(_ancestors(c)) & context}
    if confirmed:
        return confirmed
    if len(group) == 1:
        return set(group)
    shallowest = min(group, key=lambda c: c.count("."))
    if all(c == shallowest or c.startswith(shallowest + ".") for c in group):
        return {shallowest}  # a kecamatan and its seat village share the name: say the kecamatan
    return group if strong and all(c.count(".") == 1 for c in group) else set()


def attribute_regions(batch: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Set `region` (unless the source gave one) and `region_candidates`."""
    prepared = " " + batch["text"].str.to_lowercase().str.replace_all(r"[^0-9a-z]+", " ") + " "
    # Series.str.extract_many builds the automaton once; the expression form was ~500x slower here.
    found = prepared.str.extract_many(gaz.patterns(), overlapping=True)
    keys = found.list.eval(pl.element().str.strip_chars()).list.unique(maintain_order=True).list.join("|")
    distinct = [k for k in keys.unique().to_list() if k]
    resolved = [resolve(gaz, k.split("|")) for k in distinct]
    table = pl.DataFrame(
        {"_k": distinct, "_region": [r[0] for r in resolved], "region_candidates": [r[1] for r in resolved]},
        schema={"_k": pl.String, "_region": pl.String, "region_candidates": pl.List(pl.String)},
    )
    joined = batch.with_columns(keys.alias("_k")).join(table, on="_k", how="left", maintain_order="left")
    return joined.with_columns(
        pl.coalesce("region", "_region").alias("region"),
        pl.col("region_candidates").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).drop("_k", "_region")
