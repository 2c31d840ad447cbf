"""Shared vocabulary of the case workflow (specs/cli-contracts.md, `awas law route`).

Other capabilities (recap, coord, detect, evidence, web) open and reference cases with these values;
the workflow itself (statuses, transitions, clocks, routing) is data in the legal catalogue.
"""

from __future__ import annotations

from enum import StrEnum

from awas.domain.orgs import Tlp


class CaseKind(StrEnum):
    """Laporan: a report by the public; temuan: a finding by supervisors (or by awas itself)."""

    LAPORAN = "laporan"
    TEMUAN = "temuan"


class Actor(StrEnum):
    """Who is alleged to have committed the violation (the routing contract's `actor`)."""

    PASLON = "paslon"
    TIM_KAMPANYE = "tim_kampanye"
    ASN = "asn"
    TNI = "tni"
    POLRI = "polri"
    KEPALA_DESA = "kepala_desa"
    PENYELENGGARA = "penyelenggara"
    MEDIA = "media"
    WARGA = "warga"
    LAINNYA = "lainnya"


class TemuanSource(StrEnum):
    """Where a temuan comes from: a detector finding, a recap anomaly, a coordination cluster, a person."""

    FINDING = "finding"
    RECAP_ANOMALY = "recap_anomaly"
    COORD_CLUSTER = "coord_cluster"
    ANALYST = "analyst"
    DEMO = "demo"


# TLP 2.0 from least to most restricted; a share at one level admits every marking at or below it.
TLP_ORDER: tuple[Tlp, ...] = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED)


def tlp_rank(tlp: Tlp | str) -> int:
    """0 for CLEAR up to 4 for RED; ValueError for an unknown marking."""
    return TLP_ORDER.index(Tlp(tlp))
