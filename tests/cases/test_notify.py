"""Notifications: real SMTP (aiosmtpd) and a real HTTP receiver on loopback; failures recorded and
retried, the case change never lost; deadline reminders queued once; no double sends."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from awas.app import App
from awas.cases.access import Principal
from awas.cases.intake import open_laporan
from awas.cases.notify.channels import add_channel, list_channels
from awas.cases.notify.delivery import deliver_pending, enqueue_deadline_reminders
from awas.cases.notify.settings import NotifySettings
from awas.cases.sharing import route_case, share_case
from awas.cases.tables import cases, notifications
from awas.errors import InputError, PermissionDenied
from awas.store.pgcluster import free_port
from tests.cases.conftest import NOW, SECRET_TERMS, laporan
from tests.support.cli import run_cli

Staff = Callable[[str], Principal]
SECRET = "rahasia-webhook-kpid"


@dataclass
class Receiver:
    """A local HTTP server that records POSTs and answers `fail` times with 500 first."""

    fail: int = 0
    bodies: list[bytes] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state.fail > 0:
                state.fail -= 1
                self.send_response(500)
            else:
                state.bodies.append(body)
                state.headers.append(dict(self.headers))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/awas"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def settings(port: int, **changes: Any) -> NotifySettings:
    return NotifySettings(smtp_host="127.0.0.1", smtp_port=port, smtp_from="awas@bawaslu.example",
                          notify_timeout_s=5, notify_retry_base_s=60, **changes)  # fmt: skip


def routed_case(app: App, staff: Staff, receiver: Receiver) -> int:
    add_channel(app, staff("admin"), "kpid-jambi", "webhook", receiver.url, secret=SECRET)
    add_channel(app, staff("admin"), "bawaslu-15", "email", "satgas@bawaslu.example")
    add_channel(app, staff("admin"), "polda-jambi", "email", "siber@polda.example", events=("shared",))
    case = open_laporan(
        app, staff("analis"), laporan(category="off_schedule_campaign", actor="media"), now=NOW
    )
    route_case(app, staff("analis"), case.case_id, now=NOW)  # → KPID, notifies KPID and the owner
    share_case(app, staff("analis"), case.case_id, "polda-jambi", reason="koordinasi", now=NOW)
    return case.case_id


def states(app: App) -> list[tuple[str, str, int]]:
    with app.db.read() as conn:
        rows = conn.execute(sa.select(notifications).order_by(notifications.c.id))
        return [(r.event, r.state, r.attempts) for r in rows]


def test_route_and_share_are_delivered_by_webhook_and_email(
    app: App, staff: Staff, receiver: Receiver, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    routed_case(app, staff, receiver)
    report = deliver_pending(app, now=NOW, settings=settings(port))
    assert (report.sent, report.retrying, report.failed) == (3, 0, 0)
    [body], [headers] = receiver.bodies, receiver.headers
    payload = json.loads(body)
    assert (
        payload["event"] == "routed"
        and payload["handler"] == "kpid"
        and payload["recipient_org"] == "kpid-jambi"
    )
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Awas-Signature"] == expected and headers["X-Awas-Event"] == "routed"
    subjects = sorted(m["Subject"] for m in box.messages)
    assert all(s.startswith("[TLP:AMBER] awas: ") for s in subjects)
    assert {m["To"] for m in box.messages} == {"satgas@bawaslu.example", "siber@polda.example"}
    text = body.decode() + "".join(m["Subject"] + m.get_payload(decode=True).decode() for m in box.messages)
    assert not [t for t in SECRET_TERMS if t.lower() in text.lower()]
    assert states(app) == [("routed", "sent", 1)] * 2 + [("shared", "sent", 1)]


def test_a_failed_delivery_is_recorded_and_retried_and_the_case_change_stands(
    app: App, staff: Staff, receiver: Receiver, smtp: tuple[Mailbox, int]
) -> None:
    _box, port = smtp
    case = routed_case(app, staff, receiver)
    receiver.fail = 1
    first = deliver_pending(app, now=NOW, settings=settings(port))
    assert (first.sent, first.retrying) == (2, 1)
    with app.db.read() as conn:
        failed = conn.execute(sa.select(notifications).where(notifications.c.state == "pending")).one()
        routed = conn.execute(sa.select(cases.c.handler, cases.c.routed_at).where(cases.c.id == case)).one()
    assert (
        failed.attempts == 1
        and "HTTP 500" in failed.last_error
        and failed.next_attempt_at == NOW + timedelta(seconds=60)
    )
    assert routed.handler == "kpid" and routed.routed_at == NOW
    assert (
        deliver_pending(app, now=NOW + timedelta(seconds=30), settings=settings(port)).sent == 0
    )  # not due yet
    assert deliver_pending(app, now=NOW + timedelta(seconds=61), settings=settings(port)).sent == 1
    assert len(receiver.bodies) == 1
    assert sorted(states(app)) == [("routed", "sent", 1), ("routed", "sent", 2), ("shared", "sent", 1)]


def test_an_unreachable_server_fails_for_good_after_the_last_attempt(
    app: App, staff: Staff, receiver: Receiver
) -> None:
    routed_case(app, staff, receiver)
    dead = settings(free_port(), notify_max_attempts=2)  # nothing listens on the SMTP port
    deliver_pending(app, now=NOW, settings=dead)
    report = deliver_pending(app, now=NOW + timedelta(hours=1), settings=dead)
    assert report.failed == 2
    assert sorted(s for _, s, _ in states(app)) == ["failed", "failed", "sent"]


def test_two_workers_never_send_the_same_notification_twice(
    app: App, staff: Staff, receiver: Receiver, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    for number in range(4):
        add_channel(app, staff("admin"), "kpid-jambi", "webhook", f"{receiver.url}/{number}")
    routed_case(app, staff, receiver)
    options = {"now": NOW, "settings": settings(port)}
    threads = [threading.Thread(target=deliver_pending, args=(app,), kwargs=options) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(receiver.bodies) == 5 and len(box.messages) == 2
    assert all(state == "sent" for _, state, _ in states(app))


def test_deadline_reminders_are_queued_once(app: App, staff: Staff, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    add_channel(app, staff("admin"), "bawaslu-15", "email", "satgas@bawaslu.example")
    open_laporan(app, staff("analis"), laporan(), now=NOW)  # decision due 25 Nov 23:59 (overdue on the 30th)
    assert enqueue_deadline_reminders(app, now=NOW, within=timedelta(hours=24)) == 1
    assert enqueue_deadline_reminders(app, now=NOW, within=timedelta(hours=24)) == 0
    deliver_pending(app, now=NOW, settings=settings(port))
    [message] = box.messages
    text = message.get_payload(decode=True).decode()
    assert "Tenggat" in message["Subject"] and "25-11-2024 23:59 WIB" in text and "Pasal 134 ayat (5)" in text


def test_channels_are_checked_and_admin_only(app: App, staff: Staff) -> None:
    for kind, address in (("webhook", "file:///etc/passwd"), ("email", "bukan-email"), ("sms", "0812")):
        with pytest.raises(InputError):
            add_channel(app, staff("admin"), "kpid-jambi", kind, address)
    with pytest.raises(InputError):
        add_channel(app, staff("admin"), "kpid-jambi", "email", "a@b.example", events=("deleted",))
    with pytest.raises(PermissionDenied):
        add_channel(app, staff("analis"), "kpid-jambi", "email", "a@b.example")
    first = add_channel(app, staff("admin"), "kpid-jambi", "email", "a@b.example")
    assert add_channel(app, staff("admin"), "kpid-jambi", "email", "a@b.example") == first
    assert [c.address for c in list_channels(app)] == ["a@b.example"]


def test_notify_from_the_cli(
    on_app_db: App,
    staff: Staff,
    smtp: tuple[Mailbox, int],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    monkeypatch.setenv("AWAS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("AWAS_SMTP_PORT", str(port))
    assert (
        run_cli(
            capsys, "case", "channel-add", "bawaslu-15", "--email", "satgas@bawaslu.example", "--as", "admin"
        ).code
        == 0
    )
    assert (
        run_cli(capsys, "case", "channel-add", "bawaslu-15", "--webhook", "ftp://x", "--as", "admin").code
        == 2
    )
    open_laporan(on_app_db, staff("analis"), laporan(), now=NOW)
    result = run_cli(capsys, "case", "notify", "--within", "24", "--as", "analis")
    assert result.code == 0 and "terkirim 1" in result.stderr and len(box.messages) == 1
    assert run_cli(capsys, "case", "notify", "--as", "liaison.kpid").code == 2
