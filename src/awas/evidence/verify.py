"""Verify the vault: every artefact's bytes, the ledger chain, the head, and every daily root.

Each problem names the item: `artefak 12 (page.wacz)`, `entri buku besar #7`, `akar harian 2024-11-05`.
What is found: a changed or missing file, an artefact row whose digest differs from its `captured`
entry, an entry whose contents changed, a deleted entry (gap, or a tail shorter than the head row),
entries moved out of order, an entry added with a wrong link or outside awas, a daily root that no
longer matches its entries, and an RFC 3161 token that does not verify.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import sqlalchemy as sa

from awas.app import App
from awas.evidence import ledger
from awas.evidence.capture_store import load_artefacts
from awas.evidence.config import EvidenceSettings
from awas.evidence.daily import DailyRoot, load_roots
from awas.evidence.ledger import GENESIS, LedgerEntry, compute_hash
from awas.evidence.merkle import merkle_root
from awas.evidence.records import Artefact
from awas.evidence.storage import Storage
from awas.evidence.tables import evidence_ledger, evidence_ledger_head
from awas.evidence.tsa import TimestampError, root_message, verify_token
from awas.evidence.tsa import load_roots as load_tsa_roots
from awas.timeutil import wib_date


@dataclass
class VerifyReport:
    artefacts_checked: int = 0
    entries_checked: int = 0
    days_checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_vault(
    app: App, settings: EvidenceSettings, storage: Storage, artefact_ids: Sequence[int] | None = None
) -> VerifyReport:
    """Check the named artefacts (all when None), the whole ledger and every sealed day."""
    with app.db.read() as conn:
        artefacts = load_artefacts(conn, artefact_ids)
        entries = [
            ledger.entry_from_row(r)
            for r in conn.execute(sa.select(evidence_ledger).order_by(evidence_ledger.c.seq))
        ]
        head = conn.execute(sa.select(evidence_ledger_head).where(evidence_ledger_head.c.id == 1)).one()
        roots = load_roots(conn)
    report = VerifyReport(len(artefacts), len(entries), len(roots))
    if artefact_ids is not None:
        found = {a.id for a in artefacts}
        report.problems += [f"artefak {i}: tidak ada di basis data" for i in artefact_ids if i not in found]
    report.problems += check_chain(entries, head.seq, head.entry_hash)
    report.problems += check_artefacts(artefacts, entries, storage, every=artefact_ids is None)
    report.problems += check_roots(roots, entries, settings, report.notes)
    return report


def check_chain(entries: Sequence[LedgerEntry], head_seq: int, head_hash: str) -> list[str]:
    """Problems in the hash chain: changed, missing, moved, forged or unrecorded entries."""
    problems: list[str] = []
    by_hash = {e.entry_hash: e.seq for e in entries}
    written_at: dict[str, int] | None = None  # built only when some hash does not match
    prev_seq, prev_hash = 0, GENESIS
    for entry in entries:
        problems += [f"entri buku besar #{m}: hilang (dihapus)" for m in range(prev_seq + 1, entry.seq)]
        if compute_hash(entry) != entry.entry_hash:
            written_at = written_at if written_at is not None else _positions_by_links(entries)
            problems.append(_changed_problem(entry, written_at.get(entry.entry_hash)))
        elif entry.prev_hash != prev_hash:
            problems.append(_link_problem(entry, prev_seq, by_hash))
        prev_seq, prev_hash = entry.seq, entry.entry_hash
    return problems + _head_problems(prev_seq, prev_hash, head_seq, head_hash)


def _positions_by_links(entries: Sequence[LedgerEntry]) -> dict[str, int]:
    """entry hash → the position the chain of prev_hash links gives it (from the genesis on)."""
    following = {e.prev_hash: e.entry_hash for e in entries}
    positions: dict[str, int] = {}
    current, seq = GENESIS, 0
    while current in following and len(positions) < len(entries):
        current, seq = following[current], seq + 1
        positions[current] = seq
    return positions


def _changed_problem(entry: LedgerEntry, written_at: int | None) -> str:
    """An entry whose hash fails: moved intact to another position, or its contents changed."""
    if written_at is not None and written_at != entry.seq:
        if compute_hash(replace(entry, seq=written_at)) == entry.entry_hash:
            return f"entri buku besar #{entry.seq}: urutan diubah (entri ini semula #{written_at})"
    return f"entri buku besar #{entry.seq}: isi entri berubah (hash tidak cocok)"


def _link_problem(entry: LedgerEntry, prev_seq: int, by_hash: dict[str, int]) -> str:
    if prev_seq != entry.seq - 1:
        return f"entri buku besar #{entry.seq}: tautan ke entri sebelumnya putus (setelah entri yang hilang)"
    if entry.prev_hash in by_hash:
        points_to = by_hash[entry.prev_hash]
        return (
            f"entri buku besar #{entry.seq}: tidak pada urutannya (menunjuk #{points_to}, bukan #{prev_seq})"
        )
    return f"entri buku besar #{entry.seq}: tautan ke #{prev_seq} putus (prev_hash tidak cocok; entri palsu?)"


def _head_problems(last_seq: int, last_hash: str, head_seq: int, head_hash: str) -> list[str]:
    if head_seq > last_seq:
        return [
            f"entri buku besar #{m}: hilang (kepala buku besar mencatat #{head_seq})"
            for m in range(last_seq + 1, head_seq + 1)
        ]
    if head_seq < last_seq:
        return [
            f"entri buku besar #{m}: ditambahkan di luar awas (kepala buku besar mencatat #{head_seq})"
            for m in range(head_seq + 1, last_seq + 1)
        ]
    if head_hash != last_hash:
        return [f"entri buku besar #{last_seq}: tidak cocok dengan kepala buku besar"]
    return []


def check_artefacts(
    artefacts: Sequence[Artefact], entries: Sequence[LedgerEntry], storage: Storage, every: bool
) -> list[str]:
    """Problems with artefact files and rows, against the vault and their `captured` entries."""
    captured = {e.artefact_id: e for e in entries if e.action == ledger.Action.CAPTURED}
    actual = storage.recompute(a.digest for a in artefacts)
    problems: list[str] = []
    for artefact in artefacts:
        problems += _artefact_problems(artefact, captured.get(artefact.id), actual[artefact.digest])
    if every:
        known = {a.id for a in artefacts}
        problems += [
            f"artefak {a} ({e.details.get('name')}): tercatat di buku besar (#{e.seq}) "
            "tetapi tidak ada di basis data"
            for a, e in captured.items()
            if a not in known
        ]
    return problems


def _artefact_problems(artefact: Artefact, entry: LedgerEntry | None, actual: str | None) -> list[str]:
    name = f"artefak {artefact.id} ({artefact.name}, {artefact.digest})"
    problems = []
    if entry is None:
        problems.append(f"{name}: tidak ada entri 'captured' di buku besar")
    elif entry.details.get("digest") != artefact.digest or entry.details.get("size") != artefact.size:
        problems.append(f"{name}: catatan basis data berbeda dari entri buku besar #{entry.seq}")
    if actual is None:
        problems.append(f"{name}: berkas hilang dari brankas")
    elif actual != artefact.digest:
        problems.append(f"{name}: isi berkas berubah (sekarang {actual})")
    return problems


def check_roots(
    roots: dict[date, DailyRoot], entries: Sequence[LedgerEntry], settings: EvidenceSettings, notes: list[str]
) -> list[str]:
    """Problems with sealed days: a root that no longer matches, or a token that does not verify."""
    by_day: dict[date, list[str]] = {}
    for entry in entries:
        by_day.setdefault(wib_date(entry.at), []).append(entry.entry_hash)
    problems = []
    for day, root in roots.items():
        hashes = by_day.get(day, [])
        if not hashes or merkle_root(hashes) != root.root or len(hashes) != root.entry_count:
            problems.append(
                f"akar harian {day.isoformat()}: tidak cocok lagi dengan entri buku besar hari itu"
            )
        if root.tsa_token is not None:
            problems += _token_problems(root, settings, notes)
    return problems


def _token_problems(root: DailyRoot, settings: EvidenceSettings, notes: list[str]) -> list[str]:
    if settings.tsa_ca_file is None:
        notes.append(
            f"token TSA {root.day.isoformat()} tidak diperiksa: AWAS_EVIDENCE_TSA_CA_FILE belum diatur"
        )
        return []
    try:
        verify_token(
            root.tsa_token or b"", root_message(root.day, root.root), load_tsa_roots(settings.tsa_ca_file)
        )
    except TimestampError as exc:
        return [f"akar harian {root.day.isoformat()}: {exc}"]
    return []
