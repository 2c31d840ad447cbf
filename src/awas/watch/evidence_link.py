"""Evidence for every incident, in the evidence vault, linked to subject `incident:<id>`:

- the page or JSON as served (a URL capture: WARC with TLS chain, text, WACZ), when it answers;
- the post that leaked or carried the look-alike link (its raw record: the sealed evidence copy,
  the only place where the unmasked numbers remain);
- an observation record (`observation.json`, plus e.g. the certificate PEMs or a text diff): what
  the watch saw and when, masked. Outages and invalid certificates have only this, since the site
  itself does not answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from awas.app import App
from awas.evidence.capture import Capturer
from awas.evidence.capture_store import CaptureHeader
from awas.evidence.config import EvidenceSettings, load_evidence_settings
from awas.evidence.environment import both_times, capture_host, tool_versions
from awas.evidence.records import ArtefactKind, BuiltFile, Capture, Subject, SubjectType
from awas.timeutil import utcnow
from awas.watch.config import WatchSettings
from awas.watch.records import Incident, IncidentDraft

ACTOR = "system:watch"
SOURCE_KIND = "watch"  # evidence_captures.source_kind (8 characters at most)


class WatchCapturer(Capturer):
    """Evidence's own capture orchestration (vault, ledger, link) with one more source: an observation."""

    def capture_observation(
        self,
        url: str | None,
        payload: dict[str, Any],
        files: dict[str, bytes],
        *,
        subject: Subject,
        reason: str,
    ) -> Capture:
        def build(workdir: Path) -> tuple[list[BuiltFile], dict[str, Any]]:
            built = [
                _write(
                    workdir,
                    "observation.json",
                    json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode(),
                )
            ]
            built += [_write(workdir, name, data) for name, data in sorted(files.items())]
            facts = {
                "source": {
                    "kind": SOURCE_KIND,
                    "url": url,
                    "platform": "awas-watch",
                    "post_id": str(subject),
                },
                "capture_host": capture_host(),
                "observed_at": both_times(utcnow()),
                "tools": dict(tool_versions()),
            }
            return built, facts

        header = CaptureHeader(
            source_kind=SOURCE_KIND,
            url=url,
            post_pk=None,
            actor=ACTOR,
            reason=reason,
            started_at=utcnow(),
            finished_at=utcnow(),
        )
        return self._capture(header, build, subject)


def _write(workdir: Path, name: str, data: bytes) -> BuiltFile:
    path = workdir / name
    path.write_bytes(data)
    kind = ArtefactKind.METADATA if name.endswith(".json") else ArtefactKind.TEXT
    media = "application/json" if name.endswith(".json") else "text/plain; charset=utf-8"
    if name.endswith(".pem"):
        kind, media = ArtefactKind.TLS_CHAIN, "application/x-pem-file"
    return BuiltFile(kind, name, path, media)


def evidence_settings(settings: WatchSettings) -> EvidenceSettings:
    """Evidence limits no looser than the watch's own (a hanging host must not hold a cycle)."""
    base = load_evidence_settings()
    return load_evidence_settings(
        ca_file=base.ca_file or settings.ca_file,
        timeout_s=min(base.timeout_s, settings.timeout_s),
        deadline_s=min(base.deadline_s, settings.deadline_s),
    )


def capture_incident(
    app: App, settings: WatchSettings, draft: IncidentDraft, incident: Incident
) -> list[dict[str, Any]]:
    """Capture what `draft` points at; one summary entry per capture (stored or failed)."""
    capturer = WatchCapturer(app, evidence_settings(settings))
    subject = Subject(SubjectType.INCIDENT, str(incident.id))
    reason = f"insiden pemantauan {incident.id}: {draft.category}"
    captures: list[tuple[str, Capture]] = []
    if draft.capture_url:
        captures.append(
            ("url", capturer.capture_url(draft.capture_url, actor=ACTOR, reason=reason, subject=subject))
        )
    if draft.post_pk is not None:
        captures.append(
            ("post", capturer.capture_post(actor=ACTOR, pk=draft.post_pk, reason=reason, subject=subject))
        )
    payload = {
        "incident": incident.id,
        "summary": draft.summary,
        "details": draft.details,
        **draft.observation,
    }
    observation = capturer.capture_observation(
        draft.capture_url or draft.subject, payload, draft.files, subject=subject, reason=reason
    )
    captures.append(("observation", observation))
    return [_entry(kind, c) for kind, c in captures]


def capture_post_sighting(
    app: App, settings: WatchSettings, post_pk: int, incident_id: int
) -> dict[str, Any]:
    """Seal one more post of an incident already open (a repost of the same leak)."""
    capturer = WatchCapturer(app, evidence_settings(settings))
    subject = Subject(SubjectType.INCIDENT, str(incident_id))
    reason = f"insiden pemantauan {incident_id}: penampakan lain"
    return _entry("post", capturer.capture_post(actor=ACTOR, pk=post_pk, reason=reason, subject=subject))


def _entry(kind: str, capture: Capture) -> dict[str, Any]:
    return {
        "kind": kind,
        "capture_id": capture.id,
        "status": capture.status,
        "artefacts": [a.id for a in capture.artefacts],
        "failure": capture.failure_reason or "",
    }
