"""The signed-in principal, cached briefly per process.

The session cookie is signed (its username cannot be forged), so a page needs the database only to
learn whether the account still exists and is active, and its role and organisation. Reading that on
every request is the largest per-request database cost of a dashboard page; instead the principal is
kept for `ttl` seconds, so a deactivated account or a changed role takes effect within that time.
"""

from __future__ import annotations

import threading
import time

from awas.access.permissions import Principal
from awas.access.users import UserService
from awas.app import App
from awas.domain.orgs import Organisation, User
from awas.errors import NotFoundError

DEFAULT_TTL = 5.0  # seconds until a deactivation or role change shows


def principal_of(core: App, user: User, via: str) -> Principal:
    """The principal of an (active) user, with their organisation from the reference data."""
    org = core.reference.organisations.get(user.org_id) or Organisation(
        user.org_id, user.org_id, "", None, None, False
    )
    return Principal(user=user, org=org, via=via)


class PrincipalCache:
    def __init__(self, ttl: float = DEFAULT_TTL, max_entries: int = 4096) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def cached(self, username: str) -> Principal | None:
        """The cached active principal, if fresh; None when absent, stale or known to be inactive."""
        entry = self._entries.get(username)
        if entry is not None and time.monotonic() - entry[0] < self.ttl:
            return entry[1]
        return None

    def session_principal(self, core: App, username: str) -> Principal | None:
        """The active user `username` as a session principal, or None (unknown or deactivated)."""
        now = time.monotonic()
        entry = self._entries.get(username)
        if entry is not None and now - entry[0] < self.ttl:
            return entry[1]
        principal = self._load(core, username)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[username] = (now, principal)
        return principal

    def forget(self, username: str) -> None:
        """Drop the cached entry (on logout, so the next sign-in reads the account afresh)."""
        with self._lock:
            self._entries.pop(username, None)

    @staticmethod
    def _load(core: App, username: str) -> Principal | None:
        try:
            user = UserService(core).get(username)
        except NotFoundError:
            return None
        return principal_of(core, user, "session") if user.active else None
