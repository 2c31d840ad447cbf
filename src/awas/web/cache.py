"""A small cache for expensive aggregates: an entry is reused while its version stamp is unchanged
and it is younger than `ttl` seconds. The version is something cheap to read (the highest finding id),
so new findings show at once and reviews (which do not change the id) show within `ttl`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class VersionedCache:
    """`recheck`: for this many seconds an entry is served without even reading the version stamp, so
    a burst of requests costs one stamp query per second, not one per request."""

    def __init__(self, ttl: float = 30.0, max_entries: int = 256, recheck: float = 1.0) -> None:
        self.ttl = ttl
        self.recheck = recheck
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[Hashable, float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Callable[[], Hashable], compute: Callable[[], T]) -> T:
        """The cached value for `key` if fresh (younger than `recheck`, or same `version()` and younger
        than `ttl`), else `compute()`, stored for the next caller."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and now - entry[1] < self.recheck:
            value: T = entry[2]
            return value
        stamp = version()
        if entry is not None and entry[0] == stamp and now - entry[1] < self.ttl:
            return entry[2]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = (stamp, now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
