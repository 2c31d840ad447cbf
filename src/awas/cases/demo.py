"""`awas demo` step: bundled sample cases in several states, created idempotently by the demo users.

Each sample is opened at its own (2024) time by a demo account and walked through its steps; a
sample already in the database (same submission id or source) is left as it is.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from importlib.resources import files
from typing import Any

import sqlalchemy as sa

from awas.access.demo import ensure_demo_users
from awas.app import App
from awas.cases.access import principal_for
from awas.cases.intake import open_laporan
from awas.cases.intake_models import LaporanInput, TemuanInput
from awas.cases.milestones import record_milestone
from awas.cases.queries import CaseFilter, list_cases
from awas.cases.sharing import route_case, share_case
from awas.cases.tables import case_reporters, cases
from awas.cases.temuan import open_temuan
from awas.cases.workflow import TransitionRequest, transition
from awas.demo import DemoResult
from awas.timeutil import parse_aware

SUBMISSION_PREFIX = "demo-"


def sample_cases() -> list[dict[str, Any]]:
    text = files("awas.cases").joinpath("samples/demo_cases.json").read_text(encoding="utf-8")
    return list(json.loads(text)["cases"])


def load_demo_cases(app: App, actor: str) -> DemoResult:
    """Create the demo users and the sample cases that are not there yet; summarise the board."""
    del actor  # every step is taken by the demo account the sample names, as the audit log shows
    ensure_demo_users(app)
    created = sum(_load(app, sample) for sample in sample_cases())
    board = list_cases(app, principal_for(app, "admin.bawaslu"), CaseFilter(open_only=False))
    statuses = Counter(s.header.status_name for s in board)
    overdue = sum(1 for s in board if s.next_deadline and s.next_deadline.state.value == "overdue")
    partner = sum(1 for s in board if s.handler_org_id in ("kpid-jambi",))
    summary: dict[str, Any] = {"perkara baru": created, "perkara seluruhnya": len(board)}
    summary |= {f"status {name}": n for name, n in sorted(statuses.items())}
    summary |= {"lewat tenggat": overdue, "diteruskan ke mitra Satgas (KPID)": partner}
    return DemoResult("Perkara (temuan dan laporan)", summary)


def sample_case_id(app: App, key: str) -> int | None:
    """The case a demo sample (by its key, e.g. `lp-politik-uang`) became, if it is in the database."""
    sample = next((s for s in sample_cases() if s["key"] == key), None)
    if sample is None:
        return None
    with app.db.read() as conn:
        found = conn.execute(_sample_query(sample)).first()
    return int(found[0]) if found is not None else None


def _sample_query(sample: dict[str, Any]) -> sa.Select[Any]:
    if sample["kind"] == "laporan":
        return sa.select(case_reporters.c.case_id).where(
            case_reporters.c.submission_id == SUBMISSION_PREFIX + sample["key"]
        )
    return sa.select(cases.c.id).where(cases.c.source_type == "demo", cases.c.source_id == sample["key"])


def _exists(app: App, sample: dict[str, Any]) -> bool:
    with app.db.read() as conn:
        return conn.execute(_sample_query(sample)).first() is not None


def _load(app: App, sample: dict[str, Any]) -> int:
    if _exists(app, sample):
        return 0
    who = principal_for(app, sample["as"])
    if sample["kind"] == "laporan":
        data = LaporanInput.model_validate(
            {**sample["input"], "submission_id": SUBMISSION_PREFIX + sample["key"]}
        )
        result = open_laporan(app, who, data, now=data.received_at)
    else:
        temuan = TemuanInput.model_validate(sample["input"])
        result = open_temuan(app, who, temuan, now=temuan.known_at)
    if result.merged:
        return 0
    for step in sample["steps"]:
        _step(app, result.case_id, sample["as"], step)
    return 1


def _step(app: App, case_id: int, default_user: str, step: dict[str, Any]) -> None:
    who = principal_for(app, step.get("as", default_user))
    at: datetime = parse_aware(step["at"])
    reason = step.get("reason", "")
    if "transition" in step:
        request = TransitionRequest(
            step["transition"], reason=reason, extend=step.get("extend", False), at=at
        )
        transition(app, who, case_id, request, now=at)
    elif "route" in step:
        route_case(app, who, case_id, handler=step["route"].get("handler"), reason=reason, now=at)
    elif "share" in step:
        share_case(app, who, case_id, step["share"], reason=reason, now=at)
    elif "milestone" in step:
        record_milestone(app, who, case_id, step["milestone"], at=at, reason=reason, now=at)
    else:
        raise ValueError(f"unknown demo step {step!r}")
