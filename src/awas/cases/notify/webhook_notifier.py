"""Webhook notifier: POST the payload as JSON, signed with HMAC-SHA256 when the channel has a secret.

Header `X-Awas-Signature: sha256=<hex>` over the exact body bytes, `X-Awas-Event: <event>`. Any
answer other than 2xx is a failure (retried by the outbox).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from awas.cases.notify.settings import NotifySettings
from awas.cases.notify.transport import DeliveryFailed


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookNotifier:
    def __init__(self, settings: NotifySettings) -> None:
        self._timeout = settings.notify_timeout_s

    def send(self, address: str, payload: dict[str, Any], secret: str | None = None) -> None:
        if not address.startswith(("http://", "https://")):
            raise DeliveryFailed(f"webhook {address!r}: only http:// and https:// addresses")
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Awas-Event": str(payload["event"]),
            "User-Agent": "awas-notify/1",
        }
        if secret:
            headers["X-Awas-Signature"] = signature(secret, body)
        request = urllib.request.Request(address, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryFailed(f"webhook {address}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DeliveryFailed(f"webhook {address}: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryFailed(f"webhook {address}: HTTP {status}")
