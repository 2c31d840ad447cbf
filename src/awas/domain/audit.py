"""Audit events: who did what to which object, appended after the write they describe commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEvent:
    action: str  # dotted verb: "reference.loaded", "case.viewed", "case.transition_refused"...
    actor: str  # username, "system" or "cli:<os user>"
    object_type: str
    object_id: str
    org_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    at: datetime | None = None
