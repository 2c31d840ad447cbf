"""CSRF protection (synchronizer token): a random token in the signed session, echoed by every form
(`csrf_token` field) or by API calls that use the session (`X-CSRF-Token` header). Requests that carry an
API token instead of a cookie need none: a browser never attaches a bearer token on its own."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"


def ensure_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, created if missing."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def token_matches(session: dict[str, Any], presented: str | None) -> bool:
    expected = session.get(SESSION_KEY)
    if not isinstance(expected, str) or not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())
