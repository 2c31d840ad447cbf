"""A small cache for expensive aggregates: an entry is reused while its version stamp is unchanged
and it is younger than `ttl` seconds. The version is something cheap to read (the highest finding id),
so new findings show at once and reviews (which do not change the id) show within `ttl`.

One computation per key at a time: while one request recomputes an entry, concurrent requests for
it get the previous value (or, when there is none yet, wait up to `wait_s` for the result) instead
of computing it too (a burst at expiry would otherwise queue every
worker thread behind the same aggregate query). The request that found the entry stale waits for
its own computation, so a caller always sees what existed when its request began.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(slots=True)
class _Entry:
    stamp: Hashable
    computed_at: float
    checked_at: float
    value: Any


class VersionedCache:
    """`recheck`: for this many seconds after the stamp was last read, an entry is served without reading
    it again, so a burst of requests costs one stamp query per second, not one per request."""

    def __init__(
        self, ttl: float = 30.0, max_entries: int = 256, recheck: float = 1.0, wait_s: float = 10.0
    ) -> None:
        self.ttl = ttl
        self.wait_s = wait_s
        self.recheck = recheck
        self.max_entries = max_entries
        self._entries: dict[Hashable, _Entry] = {}
        self._computing: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Callable[[], Hashable], compute: Callable[[], T]) -> T:
        """The cached value for `key` if fresh (stamp read less than `recheck` ago, or the same `version()`
        now, and computed less than `ttl` ago), else `compute()`, stored for the next caller."""
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now - entry.computed_at < self.ttl:
            if now - entry.checked_at < self.recheck:
                value: T = entry.value
                return value
            # Claim this second's check: concurrent requests serve the entry instead of each reading
            # the stamp too (on PostgreSQL they would queue for pool connections).
            entry.checked_at = now
            stamp = version()
            if stamp == entry.stamp:
                return entry.value  # type: ignore[no-any-return]
        else:
            stamp = version()
        with self._lock:
            pending = self._computing.get(key)
            if pending is None:
                self._computing[key] = threading.Event()
        if pending is not None:
            return self._while_computed(key, entry, pending, compute)
        try:
            value = compute()
            with self._lock:
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
                self._entries[key] = _Entry(stamp, now, now, value)
        finally:
            with self._lock:
                done = self._computing.pop(key)
            done.set()
        return value

    def _while_computed(
        self, key: Hashable, entry: _Entry | None, pending: threading.Event, compute: Callable[[], T]
    ) -> T:
        """Another thread computes `key`: its previous value if there is one, else wait for the result
        (a cold start would otherwise run the same aggregate in every thread at once)."""
        if entry is None and pending.wait(self.wait_s):
            entry = self._entries.get(key)
        if entry is not None:
            return entry.value  # type: ignore[no-any-return]
        return compute()  # the other computation failed or is too slow: do not wait forever

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
