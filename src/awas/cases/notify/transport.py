"""The notifier role: how a channel kind delivers a payload, and the registry of kinds."""

from __future__ import annotations

from typing import Any, Protocol

from awas.core.registry import Registry
from awas.errors import AwasError


class DeliveryFailed(AwasError):
    """A notification could not be delivered this time (recorded on the notification, retried)."""


class Notifier(Protocol):
    def send(self, address: str, payload: dict[str, Any], secret: str | None = None) -> None: ...


NOTIFIERS: Registry[Any] = Registry(
    "notifier",
    {
        "email": "awas.cases.notify.email_notifier:EmailNotifier",
        "webhook": "awas.cases.notify.webhook_notifier:WebhookNotifier",
    },
)
