"""The custody ledger: an append-only, hash-chained log of every event on every artefact.

Each entry's hash is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of
`{seq, at, actor, action, artefact_id, reason, details, prev_hash}`, with `at` written as
`YYYY-MM-DDTHH:MM:SS.ffffffZ`; `prev_hash` is the previous entry's hash (64 zeros for the first).
Changing, deleting, reordering or forging an entry therefore breaks a hash or a link, which
`awas evidence verify` reports. Appends are serialised on the single `evidence_ledger_head` row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.evidence.tables import evidence_ledger, evidence_ledger_head
from awas.timeutil import utcnow

GENESIS = "0" * 64


class Action(StrEnum):
    """What happened to an artefact."""

    CAPTURED = "captured"
    VIEWED = "viewed"
    COPIED = "copied"
    EXPORTED = "exported"
    ATTACHED = "attached"
    SHARED = "shared"
    ACCESS_DENIED = "access_denied"
    LIVENESS_CHANGED = "liveness_changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryDraft:
    """An event to append; the ledger assigns seq, time and hashes."""

    artefact_id: int
    action: Action
    actor: str
    reason: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    artefact_id: int
    reason: str
    details: dict[str, Any]
    prev_hash: str
    entry_hash: str

    def as_json(self) -> dict[str, Any]:
        """The entry as written into packages (and hashed, minus `entry_hash`)."""
        return {**hashed_fields(self), "entry_hash": self.entry_hash}


def format_at(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def hashed_fields(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": format_at(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "artefact_id": entry.artefact_id,
        "reason": entry.reason,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }


HASHED_KEYS = ("seq", "at", "actor", "action", "artefact_id", "reason", "details", "prev_hash")


def compute_hash(entry: LedgerEntry) -> str:
    """The hash an entry must carry, from its own fields."""
    return hash_of_fields(hashed_fields(entry))


def hash_of_fields(item: dict[str, Any]) -> str:
    """The entry hash from an entry as JSON (extra keys such as `entry_hash` are ignored)."""
    return hashlib.sha256(canonical_json({k: item[k] for k in HASHED_KEYS})).hexdigest()


def append(conn: Connection, drafts: Sequence[EntryDraft]) -> list[LedgerEntry]:
    """Append entries in order inside the caller's transaction; return them as stored.

    The head row is locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite write transactions
    are already exclusive), so concurrent appenders chain one after another.
    """
    if not drafts:
        return []
    head = conn.execute(
        sa.select(evidence_ledger_head.c.seq, evidence_ledger_head.c.entry_hash)
        .where(evidence_ledger_head.c.id == 1)
        .with_for_update()
    ).one()
    entries = _chain(head.seq, head.entry_hash, drafts, utcnow())
    conn.execute(evidence_ledger.insert(), [_row(e) for e in entries])
    last = entries[-1]
    conn.execute(
        evidence_ledger_head.update()
        .where(evidence_ledger_head.c.id == 1)
        .values(seq=last.seq, entry_hash=last.entry_hash)
    )
    return entries


def _chain(seq: int, prev: str, drafts: Sequence[EntryDraft], at: datetime) -> list[LedgerEntry]:
    entries = []
    for draft in drafts:
        seq += 1
        unhashed = LedgerEntry(
            seq=seq,
            at=at,
            actor=draft.actor,
            action=draft.action.value,
            artefact_id=draft.artefact_id,
            reason=draft.reason,
            details=draft.details,
            prev_hash=prev,
            entry_hash="",
        )
        prev = compute_hash(unhashed)
        entries.append(replace(unhashed, entry_hash=prev))
    return entries


_FIELDS = tuple(f.name for f in fields(LedgerEntry))


def _row(entry: LedgerEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in _FIELDS}


def entry_from_row(row: Any) -> LedgerEntry:
    m = row._mapping
    return LedgerEntry(**{name: m[name] for name in _FIELDS})


def entries_of(conn: Connection, artefact_ids: Sequence[int]) -> list[LedgerEntry]:
    """Every entry about these artefacts, oldest first."""
    query = (
        sa.select(evidence_ledger)
        .where(evidence_ledger.c.artefact_id.in_(list(artefact_ids)))
        .order_by(evidence_ledger.c.seq)
    )
    return [entry_from_row(r) for r in conn.execute(query)]
