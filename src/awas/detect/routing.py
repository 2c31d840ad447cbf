"""Where a finding belongs (region, election, paslon) and who would handle it.

The handler is the legal catalogue's default for the category, adjusted as the CLI contract's
routing conventions say: administrative violations go to the KPU at the election's level
(`kpu_provinsi` for the governor race, `kpu_kabkota` otherwise); for official neutrality the agency
for the actor named in the post (BKN for ASN, Puspom TNI, Propam Polri) is added as `also_notify`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from awas.detect.entities import EntityMention
from awas.domain.elections import ElectionKind
from awas.domain.legal import Track, ViolationCategory
from awas.domain.posts import Post
from awas.text import normalise

if TYPE_CHECKING:
    from awas.detect.context import DetectionContext

_ACTOR_TERMS = (
    (
        (
            "asn",
            "pns",
            "aparatur sipil negara",
            "pegawai negeri",
            "honorer",
            "pppk",
            "camat",
            "lurah",
            "sekda",
            "kadis",
            "kepala dinas",
        ),
        "bkn",
    ),
    (("tni", "tentara", "babinsa", "danramil", "dandim"), "puspom_tni"),
    (("polri", "polisi", "bhabinkamtibmas", "kapolsek", "kapolres", "kepolisian"), "propam_polri"),
)


@cache
def _actor_agencies() -> tuple[tuple[tuple[str, ...], str], ...]:
    """The actor terms normalised like posts (e.g. "kapolsek" becomes "kepala kepolisian sektor")."""
    return tuple((tuple(f" {normalise(t)} " for t in terms), agency) for terms, agency in _ACTOR_TERMS)


@dataclass(frozen=True, slots=True)
class Place:
    region_code: str | None
    election_id: str | None
    paslon_id: str | None
    details: dict[str, Any] = field(default_factory=dict)


def finding_place(post: Post, mentions: list[EntityMention], context: DetectionContext) -> Place:
    """Region, election and paslon of a post from its entity links (only when unambiguous)."""
    paslon = sorted({p for m in mentions for p in m.paslon_ids})
    elections = sorted({e for m in mentions for e in m.election_ids})
    election_id = elections[0] if len(elections) == 1 else None
    region = post.region
    if region is None and election_id and election_id in context.elections:
        region = context.elections[election_id].region_code
    details: dict[str, Any] = {
        "entities": [
            {"kind": m.kind, "text": m.text, "paslon": list(m.paslon_ids), "status": m.status}
            for m in mentions
        ],
    }
    if len(paslon) > 1:
        details["paslon_candidates"] = paslon
    return Place(region, election_id, paslon[0] if len(paslon) == 1 else None, details)


def suggested_handler(
    category: str,
    catalogue: ViolationCategory | None,
    election_id: str | None,
    normalised: str,
    context: DetectionContext,
) -> tuple[str | None, list[str]]:
    """(handler id, other agencies to notify) for a finding."""
    if catalogue is None:
        return None, []
    handler = catalogue.handler
    if catalogue.default_track == Track.ADMINISTRASI and election_id in context.elections:
        pilgub = context.elections[election_id].kind == ElectionKind.PILGUB
        handler = "kpu_provinsi" if pilgub else "kpu_kabkota"
    also: list[str] = []
    if category == "official_neutrality":
        padded = f" {normalised} "
        also = [agency for terms, agency in _actor_agencies() if any(t in padded for t in terms)]
    return handler, also
