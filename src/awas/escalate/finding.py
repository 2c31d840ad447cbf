"""A detection finding opened as a temuan, its post captured as evidence.

The case comes from `awas.cases.api.open_temuan_from_finding` (category, region, election and times
taken from the finding); the post the finding is about is captured into the evidence vault and
linked to the case.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal
from awas.cases.api import open_temuan_from_finding
from awas.domain.cases import Actor, TemuanSource
from awas.errors import NotFoundError
from awas.escalate.records import Escalation, capture_for_case
from awas.store.tables import findings


def open_case_from_finding(
    app: App,
    principal: Principal,
    finding_id: int,
    *,
    actor: Actor | None = None,
    election_id: str | None = None,
    capture: bool = True,
) -> Escalation:
    """Open (or find) the temuan for a row of `findings`; with `capture`, capture its post as evidence.

    Raises NotFoundError for an unknown finding; PermissionDenied or InputError as `open_temuan`.
    """
    post_pk = _post_of(app, finding_id)
    case = open_temuan_from_finding(app, principal, finding_id, actor=actor, election_id=election_id)
    pks = [post_pk] if capture and post_pk is not None else []
    captured = capture_for_case(app, principal, case, pks, f"bukti temuan deteksi {finding_id}")
    return Escalation(f"{TemuanSource.FINDING.value}:{finding_id}", case, captured)


def _post_of(app: App, finding_id: int) -> int | None:
    with app.db.read() as conn:
        row = conn.execute(sa.select(findings.c.post_pk).where(findings.c.id == finding_id)).first()
    if row is None:
        raise NotFoundError(f"temuan deteksi (finding) {finding_id} tidak ada")
    return int(row.post_pk) if row.post_pk is not None else None
