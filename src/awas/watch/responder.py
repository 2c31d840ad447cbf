"""What happens when the watch confirms something: one short orchestration per draft.

1. store: open the incident, or refresh the one already open with the same key (then stop);
2. finding: a row of the foundation `findings` table;
3. evidence: URL/post captures and the observation record, linked to `incident:<id>`;
4. case: a temuan, routed to the handler and shared with the site owner; evidence linked to it.
Each of steps 2-4 is isolated: a failure is written to the incident's `errors` and the next step
still runs, so one broken piece never loses the incident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from awas.app import App
from awas.timeutil import utcnow
from awas.watch.cases_link import attach_evidence, open_case
from awas.watch.config import WatchSettings
from awas.watch.evidence_link import capture_incident
from awas.watch.findings_link import record_finding
from awas.watch.incidents import IncidentStore
from awas.watch.records import Endpoint, Incident, IncidentDraft


@dataclass(frozen=True, slots=True)
class Raised:
    incident: Incident
    new: bool


class Responder:
    def __init__(self, app: App, settings: WatchSettings) -> None:
        self.app = app
        self.settings = settings
        self.store = IncidentStore(app)

    def handle(self, draft: IncidentDraft, endpoint: Endpoint | None = None) -> Raised:
        """Steps 1-4 of the module docstring; returns the incident as it ends up."""
        now = utcnow()
        # 1 - store
        incident, new = self.store.raise_draft(draft, now)
        if not new:
            return Raised(incident, False)
        errors: list[str] = []
        # 2 - finding
        finding_id = self._step("temuan deteksi", errors, lambda: record_finding(self.app, draft, incident))
        self.store.update(incident.id, finding_id=finding_id)
        incident = self.store.get(incident.id)
        # 3 - evidence
        entries: list[dict[str, Any]] = []
        if self.settings.evidence:
            entries = (
                self._step(
                    "bukti", errors, lambda: capture_incident(self.app, self.settings, draft, incident)
                )
                or []
            )
        # 4 - case
        case: tuple[Any, Any, list[str]] = (None, None, [])
        if self.settings.cases and finding_id is not None:
            case = (
                self._step("perkara", errors, lambda: open_case(self.app, draft, incident, endpoint, now))
                or case
            )
            errors += case[2]
            if case[0] is not None and entries:
                self._step(
                    "bukti perkara", errors, lambda: attach_evidence(self.app, case[0], incident, entries)
                )
        self.store.update(incident.id, evidence=entries, case_id=case[0], case_number=case[1], errors=errors)
        return Raised(self.store.get(incident.id), True)

    @staticmethod
    def _step(name: str, errors: list[str], action: Callable[[], Any]) -> Any:
        try:
            return action()
        except Exception as exc:  # noqa: BLE001 - isolate each step (C3): the incident must survive
            errors.append(f"{name}: {type(exc).__name__}: {str(exc)[:300]}")
            return None
