"""Login rate limit: failed attempts per client address and per username in a sliding window.

Kept in memory of the one server process (the dashboard runs as one uvicorn process per host); a
restart forgets it, which only lets an attacker try a few more passwords after each restart.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0


class LoginThrottle:
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
