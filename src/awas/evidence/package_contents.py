"""Gather what goes into a case's evidence package: artefacts, captures, custody log with Merkle
proofs, daily roots. Read-only; `package_export` writes it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.evidence import ledger
from awas.evidence.capture_store import load_artefacts, load_capture
from awas.evidence.daily import DailyRoot, day_entries, load_roots
from awas.evidence.environment import both_times
from awas.evidence.links import Link, artefact_ids_of, links_of
from awas.evidence.merkle import inclusion_proof
from awas.evidence.records import Artefact, Capture, Subject
from awas.evidence.tables import evidence_ledger_head
from awas.timeutil import wib_date


@dataclass(frozen=True, slots=True)
class PackageContents:
    artefacts: list[Artefact]
    captures: list[Capture]
    entries: list[dict[str, Any]]  # ledger entries as JSON, with "merkle_proof" where the day is sealed
    roots: list[DailyRoot]
    links: list[Link]
    head: tuple[int, str]


def gather(conn: Connection, subjects: list[Subject]) -> PackageContents:
    """Everything linked to `subjects`; the artefacts may be empty."""
    ids = artefact_ids_of(conn, subjects)
    artefacts = load_artefacts(conn, ids)
    capture_ids = sorted({a.capture_id for a in artefacts})
    entries = ledger.entries_of(conn, ids)
    all_roots = load_roots(conn)
    days = sorted({wib_date(e.at) for e in entries})
    roots = [all_roots[d] for d in days if d in all_roots]
    head = conn.execute(sa.select(evidence_ledger_head.c.seq, evidence_ledger_head.c.entry_hash)).one()
    return PackageContents(
        artefacts=artefacts,
        captures=[load_capture(conn, c) for c in capture_ids],
        entries=_with_proofs(conn, entries, {r.day for r in roots}),
        roots=roots,
        links=links_of(conn, ids),
        head=(head.seq, head.entry_hash),
    )


def _with_proofs(
    conn: Connection, entries: list[ledger.LedgerEntry], sealed: set[date]
) -> list[dict[str, Any]]:
    day_hashes: dict[date, list[str]] = {d: [e[2] for e in day_entries(conn, d)] for d in sealed}
    positions = {d: {h: i for i, h in enumerate(hashes)} for d, hashes in day_hashes.items()}
    out = []
    for entry in entries:
        item = entry.as_json()
        item["at_wib"] = both_times(entry.at)["wib"]
        day = wib_date(entry.at)
        index = positions.get(day, {}).get(entry.entry_hash)
        if index is not None:
            item["merkle_proof"] = {"day": day.isoformat(), "path": inclusion_proof(day_hashes[day], index)}
        out.append(item)
    return out


def artefact_path(artefact: Artefact) -> str:
    """Where an artefact sits inside the package."""
    return f"bukti/penangkapan-{artefact.capture_id}/{artefact.name}"
