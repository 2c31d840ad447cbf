"""Syarat formil dan materiil of a report, checked at intake (intake_requirements.csv).

The catalogue lists the requirements, their kind, whether a failure can be fixed by the pelapor
("perlu dilengkapi") or is final ("tidak diregistrasi", e.g. a report after the 7-day window), the
reason shown, and the legal basis. This module holds one small check per requirement id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from awas.cases.catalogue import WorkflowCatalogue
from awas.cases.records import RequirementResult
from awas.core.registry import SetupError

MIN_DESCRIPTION = 20  # characters: "uraian kejadian" must say what happened, not just "ada pelanggaran"


@dataclass(frozen=True, slots=True)
class IntakeFacts:
    """What the checks look at (flags only: the identity itself stays sealed)."""

    has_name_address: bool
    has_nik: bool
    signed: bool
    terlapor: str | None
    within_window: bool
    occurred_at: datetime | None
    place: str | None
    description: str
    evidence_count: int


CHECKS: dict[str, Callable[[IntakeFacts], bool]] = {
    "nama_alamat_pelapor": lambda f: f.has_name_address,
    "identitas_pelapor": lambda f: f.has_nik,
    "pihak_terlapor": lambda f: bool(f.terlapor),
    "batas_waktu": lambda f: f.within_window,
    "tanda_tangan": lambda f: f.signed,
    "waktu_tempat": lambda f: f.occurred_at is not None and bool(f.place),
    "uraian": lambda f: len(f.description.strip()) >= MIN_DESCRIPTION,
    "bukti": lambda f: f.evidence_count > 0,
}


def check_requirements(
    catalogue: WorkflowCatalogue, kind: str, facts: IntakeFacts
) -> tuple[RequirementResult, ...]:
    """Every requirement of the catalogue that applies to `kind`, met or not, with its reason.

    Raises SetupError for a requirement id this version of awas has no check for.
    """
    results = []
    for req in catalogue.requirements:
        if kind not in req.applies_to:
            continue
        check = CHECKS.get(req.id)
        if check is None:
            raise SetupError(f"intake requirement {req.id!r} has no check in awas.cases.requirements")
        met = check(facts)
        results.append(
            RequirementResult(
                id=req.id,
                kind=req.kind,
                name=req.name,
                met=met,
                fixable=req.fixable,
                reason="" if met else req.failure_reason,
                legal_basis=req.legal_basis,
                source_status=req.status,
            )
        )
    return tuple(results)


def all_met(results: Iterable[RequirementResult]) -> bool:
    return all(r.met for r in results)


def unmet(results: Iterable[RequirementResult]) -> list[RequirementResult]:
    return [r for r in results if not r.met]


def fixable_only(results: Iterable[RequirementResult]) -> bool:
    """Some requirement is unmet and every unmet one can still be fixed by the pelapor."""
    missing = unmet(results)
    return bool(missing) and all(r.fixable for r in missing)


def admissible(results: Iterable[RequirementResult]) -> bool:
    """No final failure (a fixable gap does not make a report inadmissible, only incomplete)."""
    return all(r.met or r.fixable for r in results)


def to_json(results: Iterable[RequirementResult]) -> list[dict[str, object]]:
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "name": r.name,
            "met": r.met,
            "fixable": r.fixable,
            "reason": r.reason,
            "legal_basis": r.legal_basis,
            "status": r.source_status,
        }
        for r in results
    ]


def from_json(items: Iterable[dict[str, object]]) -> tuple[RequirementResult, ...]:
    return tuple(
        RequirementResult(
            id=str(i["id"]),
            kind=str(i["kind"]),
            name=str(i["name"]),
            met=bool(i["met"]),
            fixable=bool(i["fixable"]),
            reason=str(i["reason"]),
            legal_basis=str(i["legal_basis"]),
            source_status=str(i["status"]),
        )
        for i in items
    )
