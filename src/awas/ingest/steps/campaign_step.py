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
    "coblos",
    "nyoblos",
    "pilih",
    "pilihlah",
    "menangkan",
    "memenangkan",
    "dukung",
    "dukungan",
    "kampanye",
    "paslon",
    "cagub",
    "cawagub",
    "cabup",
    "cawabup",
    "cawako",
    "cawawako",
    "calon gubernur",
    "calon bupati",
    "calon wali kota",
    "calon walikota",
    "pilkada",
    "pilgub",
    "pilbup",
    "pilwako",
    "tim pemenangan",
    "relawan",
    "visi misi",
    "satu putaran",
    "menang",
    "suara",
    "tps",
    "27 november",
    "gubernur",
    "bupati",
)
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

    def terms_table(self) -> pl.DataFrame:
        """Matched text → term (`paslon:<id>` for names, `kata:<word>` for vocabulary)."""
        rows = [(n, f"paslon:{pid}") for n, ids in sorted(self.names.items()) for pid in sorted(ids)]
        rows += [(v, f"kata:{v}") for v in VOCABULARY if v not in self.names]
        return pl.DataFrame(rows, schema={"m": pl.String, "term": pl.String}, orient="row")


def campaign_signal(batch: pl.DataFrame, lexicon: CampaignLexicon) -> pl.DataFrame:
    """Add `campaign_terms` (list, in order of first match) and `campaign` (bool)."""
    prepared = " " + batch["text"].str.to_lowercase().str.replace_all(r"[^0-9a-z]+", " ") + " "
    found = pl.DataFrame(
        {
            "_i": pl.int_range(0, batch.height, eager=True, dtype=pl.UInt32),
            "m": prepared.str.extract_many(lexicon.patterns(), overlapping=True),
        }
    )
    named = found.explode("m").drop_nulls("m").with_columns(pl.col("m").str.strip_chars())
    named = named.join(lexicon.terms_table(), on="m", how="inner").select("_i", "term")
    numbers = pl.DataFrame(
        {
            "_i": pl.int_range(0, batch.height, eager=True, dtype=pl.UInt32),
            "n": batch["text"].str.to_lowercase().str.extract_all(NUMBER),
        }
    )
    numbered = (
        numbers.explode("n")
        .drop_nulls("n")
        .select("_i", ("nomor:" + pl.col("n").str.extract(r"([1-5])\s*$")).alias("term"))
    )
    terms = (
        pl.concat([named, numbered])
        .group_by("_i", maintain_order=True)
        .agg(pl.col("term").unique(maintain_order=True))
    )
    joined = batch.with_row_index("_i").join(terms, on="_i", how="left")
    refers = (
        pl.col("term")
        .list.eval(pl.element().str.starts_with("paslon:") | pl.element().str.starts_with("nomor:"))
        .list.any()
    )
    vocab = pl.col("term").list.eval(pl.element().str.starts_with("kata:")).list.any()
    return joined.with_columns(
        pl.col("term").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias("campaign_terms"),
        (refers & vocab).fill_null(False).alias("campaign"),
    ).drop("_i", "term")
