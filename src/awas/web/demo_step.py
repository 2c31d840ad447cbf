"""Demo step of the web capability: the demo accounts exist, and the index has a snapshot to show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from awas.access.demo import DEMO_PASSWORD, ensure_demo_users
from awas.app import App
from awas.risk.service import RiskService

if TYPE_CHECKING:
    from awas.demo import DemoResult


def prepare_dashboard(app: App, actor: str) -> DemoResult:
    """Idempotent: missing demo accounts are created; one index snapshot is stored per run."""
    from awas.demo import DemoResult

    users = ensure_demo_users(app, actor=actor)
    risk = RiskService(app).take_snapshot(actor=actor)
    summary: dict[str, object] = {"kata sandi demo": DEMO_PASSWORD}
    summary.update({u.username: f"{u.role.value} · {u.org_id}" for u in users})
    summary["potret indeks"] = f"{len(risk.units)} kab/kota"
    return DemoResult("Dasbor web, API dan peta kerawanan", summary)
