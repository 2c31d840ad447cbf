"""The sealed reporters of a case: logged disclosure to those who need it, and re-sealing after a
key rotation (set the new AWAS_SECRET_KEY, move the old one to AWAS_PREVIOUS_SECRET_KEYS, run
`awas case reseal`, then drop the old key).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.cases.access import (
    ADMIN_ROLES,
    REVEAL_ROLES,
    Principal,
    Refusal,
    in_owner_scope,
    refusals,
    visible_case,
)
from awas.cases.catalogue import workflow_catalogue
from awas.cases.identity import open_identity, open_witnesses
from awas.cases.records import RevealedReporter
from awas.cases.tables import case_reporters
from awas.domain.audit import AuditEvent
from awas.store.audit import append_audit

RESEAL_BATCH = 500


def reveal_identity(app: App, principal: Principal, ref: str | int, reason: str) -> list[RevealedReporter]:
    """The reporters of a case in plaintext, for an admin, analyst or investigator of the owning
    Bawaslu office, with a reason; the disclosure is logged (who, which reporters, why).

    Raises NotFoundError / PermissionDenied (logged) otherwise; SealError if the key cannot open them.
    """
    catalogue = workflow_catalogue(app)
    with refusals(app, principal, str(ref)), app.db.transaction() as conn:
        row = visible_case(conn, catalogue, principal, ref, "membuka identitas pelapor")
        if principal.role not in REVEAL_ROLES or not in_owner_scope(catalogue, principal, row):
            raise Refusal(
                "membuka identitas pelapor", "hanya admin, analis atau investigator Bawaslu pemilik perkara"
            )
        if not reason.strip():
            raise Refusal("membuka identitas pelapor", "alasan membuka identitas wajib diisi")
        stored = conn.execute(
            sa.select(case_reporters).where(case_reporters.c.case_id == row.id).order_by(case_reporters.c.seq)
        ).all()
        revealed = [_open(app, r) for r in stored]
        event = AuditEvent(
            action="case.identity_disclosed",
            actor=principal.username,
            object_type="case",
            object_id=str(row.id),
            org_id=principal.org_id,
            details={"number": row.number, "reporters": [r.seq for r in revealed], "reason": reason.strip()},
        )
        append_audit(conn, event)
    return revealed


def _open(app: App, row: Any) -> RevealedReporter:
    identity = open_identity(app.sealer, row.identity_sealed)
    witnesses = open_witnesses(app.sealer, row.witnesses_sealed)
    return RevealedReporter(
        seq=row.seq,
        name=identity.name,
        nik=identity.nik,
        address=identity.address,
        phone=identity.phone,
        email=identity.email,
        known_at=row.known_at,
        received_at=row.received_at,
        witnesses=tuple(w.name for w in witnesses),
    )


@dataclass(frozen=True, slots=True)
class ResealReport:
    checked: int
    resealed: int


def reseal_identities(
    app: App, principal: Principal, *, progress: Callable[[int, int], None] | None = None
) -> ResealReport:
    """Re-seal every reporter identity not sealed under the current key, in batches (admins only).

    Idempotent: a second run finds nothing to do. Raises PermissionDenied (logged); SealError for a
    value no configured key opens (nothing of that batch is written).
    """
    if principal.role not in ADMIN_ROLES or not principal.is_bawaslu:
        with refusals(app, principal, "*"):
            raise Refusal("menyegel ulang identitas", "hanya admin Bawaslu")
    with app.db.read() as conn:
        ids = list(conn.execute(sa.select(case_reporters.c.id).order_by(case_reporters.c.id)).scalars())
    resealed = 0
    for start in range(0, len(ids), RESEAL_BATCH):
        resealed += _reseal_batch(app, ids[start : start + RESEAL_BATCH])
        if progress:
            progress(min(start + RESEAL_BATCH, len(ids)), len(ids))
    event = AuditEvent(
        action="case.identities_resealed",
        actor=principal.username,
        object_type="case",
        object_id="*",
        org_id=principal.org_id,
        details={"checked": len(ids), "resealed": resealed},
    )
    app.audit(event)
    return ResealReport(len(ids), resealed)


def _reseal_batch(app: App, ids: list[int]) -> int:
    sealer, count = app.sealer, 0
    with app.db.transaction() as conn:
        rows = conn.execute(sa.select(case_reporters).where(case_reporters.c.id.in_(ids))).all()
        for row in rows:
            if sealer.is_current(row.identity_sealed) and sealer.is_current(row.witnesses_sealed):
                continue
            conn.execute(
                case_reporters.update()
                .where(case_reporters.c.id == row.id)
                .values(
                    identity_sealed=sealer.rotate(row.identity_sealed),
                    witnesses_sealed=sealer.rotate(row.witnesses_sealed),
                )
            )
            count += 1
    return count
