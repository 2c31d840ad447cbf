"""Liveness: re-checking captured URLs records changes and takedowns."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from awas.app import App
from awas.evidence import liveness
from awas.evidence.capture import Capturer
from awas.evidence.tables import evidence_liveness_checks
from tests.evidence.servers import send, serve


def test_a_watched_url_is_found_changed_then_removed(app: App, capturer: Capturer) -> None:
    state = {"body": b"<html><body><p>ajakan memilih</p></body></html>", "status": 200}
    routes = {"/pos": lambda h: send(h, state["status"], state["body"])}
    with serve(routes) as server:  # type: ignore[arg-type]
        capture = capturer.capture_url(server.base + "/pos", actor="analis")
        later = capture.finished_at + timedelta(hours=7)
        assert liveness.check_due(app, capturer.settings, now=capture.finished_at) == []  # not due yet
        [same] = liveness.check_due(app, capturer.settings, now=later)
        state["body"] = b"<html><body><p>sudah diedit</p></body></html>"
        [changed] = liveness.check_due(app, capturer.settings, now=later + timedelta(hours=7))
        state["status"] = 404
        [removed] = liveness.check_due(app, capturer.settings, now=later + timedelta(hours=14))
    assert (same.status, same.status_changed) == ("available", False)
    assert (changed.status, changed.status_changed) == ("changed", True)
    assert (removed.status, removed.http_status, removed.status_changed) == ("removed", 404, True)
    [watch] = liveness.watches(app)
    assert watch["removed_at"] is not None and watch["changed_at"] is not None
    warc = next(a for a in capture.artefacts if a.kind == "warc")
    from awas.evidence.service import EvidenceService

    log = EvidenceService(app, capturer.settings).custody_log(warc.id)
    assert [(e.action, e.details.get("to")) for e in log] == [
        ("captured", None),
        ("liveness_changed", "changed"),
        ("liveness_changed", "removed"),
    ]
    with app.db.read() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(evidence_liveness_checks)).scalar_one() == 3
        )


def test_an_unreachable_url_is_recorded_as_such(app: App, capturer: Capturer) -> None:
    with serve({"/x": lambda h: send(h, 200, b"<p>ada</p>")}) as server:  # type: ignore[arg-type]
        capture = capturer.capture_url(server.base + "/x", actor="analis")
    [check] = liveness.check_due(app, capturer.settings, now=capture.finished_at + timedelta(days=1))
    assert check.status == "unreachable" and check.detail
