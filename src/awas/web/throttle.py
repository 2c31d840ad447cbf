"""Rate limits: attempts per key (client address, username) in a sliding window.

`DatabaseThrottle` keeps the attempts in `web_throttle_events`, so every worker process of
`awas serve --workers N` and every restart sees the same count (an in-memory limit would allow N times
the attempts). `LoginThrottle` is the in-memory variant, for tools that run without a database.
Both answer `retry_after(*keys)`: the seconds to wait before another attempt under any key (0: allowed).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from datetime import timedelta

import sqlalchemy as sa

from awas.store.db import Database
from awas.timeutil import utcnow
from awas.web.tables import throttle_events

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
MAX_KEY = 160


class DatabaseThrottle:
    """At most `max_events` events per key within `window` seconds, counted in the database.

    `scope` prefixes every key (`login`, `laporan`), so two limits never share counts.
    """

    def __init__(
        self, db: Database, scope: str, max_events: int = MAX_FAILURES, window: float = WINDOW_SECONDS
    ) -> None:
        self.db = db
        self.scope = scope
        self.max_events = max_events
        self.window = window

    def _keys(self, keys: tuple[str, ...]) -> list[str]:
        return [f"{self.scope}:{key}"[:MAX_KEY] for key in keys]

    def retry_after(self, *keys: str) -> int:
        """Seconds until the oldest counted event of the busiest key leaves the window (0: allowed)."""
        since = utcnow() - timedelta(seconds=self.window)
        query = (
            sa.select(throttle_events.c.key, sa.func.count(), sa.func.min(throttle_events.c.at))
            .where(throttle_events.c.key.in_(self._keys(keys)), throttle_events.c.at > since)
            .group_by(throttle_events.c.key)
        )
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        waits = [self._wait(oldest) for _key, count, oldest in rows if count >= self.max_events]
        return max(waits, default=0)

    def _wait(self, oldest: object) -> int:
        if oldest is None:
            return 1
        elapsed = (utcnow() - oldest).total_seconds()  # type: ignore[operator]
        return max(1, int(self.window - elapsed) + 1)

    def record_failure(self, *keys: str) -> None:
        """Count one event under each key (and forget that key's events older than the window)."""
        now = utcnow()
        names = self._keys(keys)
        with self.db.transaction() as conn:
            conn.execute(
                throttle_events.delete().where(
                    throttle_events.c.key.in_(names),
                    throttle_events.c.at < now - timedelta(seconds=self.window),
                )
            )
            conn.execute(throttle_events.insert(), [{"key": name, "at": now} for name in names])

    record = record_failure

    def reset(self, *keys: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(throttle_events.delete().where(throttle_events.c.key.in_(self._keys(keys))))


class LoginThrottle:
    """The same limit in memory of one process (a restart forgets it)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait before another attempt under any of `keys` is allowed (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = [self._wait(key, now) for key in keys]
        return max(waits, default=0)

    def record_failure(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures[key].append(now)

    record = record_failure

    def reset(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _wait(self, key: str, now: float) -> int:
        stamps = self._failures.get(key)
        if not stamps:
            return 0
        while stamps and now - stamps[0] > self.window:
            stamps.popleft()
        if len(stamps) < self.max_failures:
            return 0
        return max(1, int(self.window - (now - stamps[0])) + 1)
