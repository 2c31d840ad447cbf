"""Errors the web layer raises; `application.py` maps each to an HTML page or a JSON body."""

from __future__ import annotations


class WebError(Exception):
    status_code = 500
    message_key = "error.unexpected"


class NotAuthenticated(WebError):
    """No valid session or token: pages redirect to the login form, the API answers 401."""

    status_code = 401
    message_key = "error.login_required"


class Forbidden(WebError):
    status_code = 403
    message_key = "error.forbidden"


class CsrfFailed(WebError):
    status_code = 403
    message_key = "error.csrf"


class RateLimited(WebError):
    status_code = 429
    message_key = "error.rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after
