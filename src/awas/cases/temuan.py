"""Temuan: a case opened from a finding (detect), a recap anomaly (recap), a coordination cluster
(coord) or by an analyst. Idempotent on (source_type, source_id): calling again returns the case
already opened, so engines may re-run safely.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.cases import requirements as req
from awas.cases.access import Principal
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.intake_checks import reference_problems, time_problems
from awas.cases.intake_models import TemuanInput
from awas.cases.intake_store import (
    default_title,
    election_region,
    finish_insert,
    insert_case,
    intake_result,
    may_open,
    owner_org,
    refuse_input,
    stages_start,
)
from awas.cases.records import IntakeResult
from awas.cases.tables import cases
from awas.domain.cases import Actor, CaseKind, TemuanSource
from awas.errors import InputProblem, NotFoundError
from awas.store.tables import findings, posts
from awas.timeutil import ensure_utc, utcnow


def open_temuan(
    app: App, principal: Principal, data: TemuanInput, *, now: datetime | None = None
) -> IntakeResult:
    """Open a case for a finding; the same (source_type, source_id) returns the case already opened.

    Raises PermissionDenied or InputError (nothing stored, the attempt logged).
    """
    now = now or utcnow()
    catalogue = workflow_catalogue(app)
    may_open(app, principal, CaseKind.TEMUAN)
    known = ensure_utc(data.known_at) if data.known_at else now
    problems = time_problems(
        "temuan", {"occurred_at": data.occurred_at, "known_at": known}, now, stages_start(app)
    )
    problems += reference_problems("temuan", catalogue, data, set(app.reference.regions))
    if data.category is None and data.track is None:
        problems.append(InputProblem("temuan", "kategori atau jalur (track) harus diisi", field="category"))
    refuse_input(app, principal, "temuan", problems)
    try:
        with app.db.transaction() as conn:
            return _existing(conn, data) or _insert(conn, catalogue, principal, data, known, now)
    except sa.exc.IntegrityError:  # another engine opened the same source at the same moment
        with app.db.read() as conn:
            found = _existing(conn, data)
        if found is None:
            raise
        return found


def open_temuan_from_finding(
    app: App,
    principal: Principal,
    finding_id: int,
    *,
    actor: Actor | None = None,
    election_id: str | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """A temuan for a row of `findings` (category, region, election and times taken from it).

    Raises NotFoundError for an unknown finding, then as `open_temuan`.
    """
    with app.db.read() as conn:
        row = conn.execute(sa.select(findings).where(findings.c.id == finding_id)).first()
        posted = _post_time(conn, row.post_pk) if row is not None and row.post_pk else None
    if row is None:
        raise NotFoundError(f"temuan deteksi (finding) {finding_id} tidak ada")
    catalogue = workflow_catalogue(app)
    data = TemuanInput(
        source_type=TemuanSource.FINDING,
        source_id=str(finding_id),
        summary=default_title(catalogue, row.category, f"{row.subject_type} {row.subject_id}"),
        description=f"Deteksi {row.detector} {row.detector_version}, skor {row.score:.2f}",
        category=row.category if row.category in catalogue.categories else None,
        actor=actor,
        election_id=election_id or row.election_id,
        region_code=row.region_code,
        occurred_at=posted,
        known_at=row.created_at,
        track=None if row.category in catalogue.categories else _fallback_track(row),
    )
    return open_temuan(app, principal, data, now=now)


def _post_time(conn: Connection, post_pk: int) -> datetime | None:
    return conn.execute(sa.select(posts.c.created_at).where(posts.c.id == post_pk)).scalar_one_or_none()


def _fallback_track(row: Any) -> str:
    return "administrasi" if row.subject_type == "recap_unit" else "hukum_lain"


def _existing(conn: Connection, data: TemuanInput) -> IntakeResult | None:
    if data.source_id is None:
        return None
    row = conn.execute(
        sa.select(cases).where(
            cases.c.source_type == data.source_type.value, cases.c.source_id == data.source_id
        )
    ).first()
    return intake_result(row, merged=True) if row is not None else None


def _insert(
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    data: TemuanInput,
    known: datetime,
    now: datetime,
) -> IntakeResult:
    description = data.description or data.summary
    facts = req.IntakeFacts(
        True, True, True, data.terlapor, True, data.occurred_at, data.place, description, 1
    )
    results = req.check_requirements(catalogue, CaseKind.TEMUAN.value, facts)
    region = data.region_code or election_region(catalogue, data.election_id)
    values = {
        "kind": CaseKind.TEMUAN.value,
        "title": data.summary,
        "description": data.description,
        "category": data.category,
        "track": data.track.value if data.track else None,
        "actor": data.actor.value if data.actor else None,
        "election_id": data.election_id,
        "region_code": region,
        "owner_org_id": owner_org(catalogue, principal, region, data.election_id),
        "tlp": data.tlp.value,
        "occurred_at": data.occurred_at,
        "known_at": known,
        "received_at": None,
        "place": data.place,
        "terlapor": data.terlapor,
        "admissible": True,
        "requirements": req.to_json(results),
        "incident_key": None,
        "source_type": data.source_type.value,
        "source_id": data.source_id,
    }
    row = insert_case(conn, catalogue, principal, values, now)
    return finish_insert(conn, catalogue, principal, row, {"occurred": data.occurred_at, "known": known}, now)
