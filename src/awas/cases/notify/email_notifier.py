"""E-mail notifier: one plain-text message per notification, through the configured SMTP server."""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from awas.cases.notify.settings import NotifySettings
from awas.cases.notify.transport import DeliveryFailed


class EmailNotifier:
    """Sends to one address; DeliveryFailed for any SMTP or network failure (the outbox retries)."""

    def __init__(self, settings: NotifySettings) -> None:
        self._settings = settings

    def send(self, address: str, payload: dict[str, Any], secret: str | None = None) -> None:
        del secret  # e-mail carries no signature; the TLP marking is in the subject
        if not self._settings.smtp_host:
            raise DeliveryFailed("AWAS_SMTP_HOST is not set")
        try:
            with smtplib.SMTP(
                self._settings.smtp_host, self._settings.smtp_port, timeout=self._settings.notify_timeout_s
            ) as smtp:
                self._login(smtp)
                smtp.send_message(self._message(address, payload))
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(
                f"SMTP {self._settings.smtp_host}:{self._settings.smtp_port}: {exc}"
            ) from exc

    def _login(self, smtp: smtplib.SMTP) -> None:
        if self._settings.smtp_starttls:
            smtp.starttls()
        if self._settings.smtp_user:
            smtp.login(self._settings.smtp_user, self._settings.smtp_password.get_secret_value())

    def _message(self, address: str, payload: dict[str, Any]) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._settings.smtp_from
        message["To"] = address
        message["Subject"] = f"[TLP:{str(payload['tlp']).upper()}] awas: {payload['message']}"
        message.set_content(body(payload))
        return message


def body(payload: dict[str, Any]) -> str:
    """The message in Bahasa Indonesia, with the TLP marking first and last."""
    marking = f"TLP:{str(payload['tlp']).upper()}"
    lines = [
        marking,
        "",
        str(payload["message"]),
        "",
        f"Nomor perkara : {payload['number']}",
        f"Judul         : {payload['title']}",
        f"Status        : {payload['status']}",
        f"Kategori      : {payload.get('category') or '-'}",
        f"Jalur         : {payload.get('track') or '-'}",
        f"Penerus       : {payload.get('handler') or '-'}",
    ]
    deadline = payload.get("deadline")
    if deadline:
        lines += [
            f"Tenggat       : {deadline['name']} — {_wib(deadline['due_at'])}",
            f"Aturan        : {deadline['rule']}",
            f"Sumber        : {deadline['source']}",
        ]
    return "\n".join([*lines, "", f"Perlakukan pesan ini sesuai {marking}.", ""])


def _wib(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%d-%m-%Y %H:%M:%S WIB")
