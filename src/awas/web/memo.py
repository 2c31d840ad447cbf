"""Work done once per object: an aggregate model served from a cache is the same Python object until
the cache recomputes it, so what is derived from it (its JSON dump, its rendered HTML) can be kept
beside it. The memo holds the object itself, so its id cannot be reused by another object while the
entry lives; a new object (recomputed data) simply misses."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 512


class IdentityMemo(Generic[T]):
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: dict[tuple[int, Hashable], tuple[object, T]] = {}
        self._lock = threading.Lock()

    def get(self, obj: object, extra: Hashable, derive: Callable[[], T]) -> T:
        """`derive()` for (`obj`, `extra`), computed once while `obj` is the same object."""
        key = (id(obj), extra)
        entry = self._entries.get(key)
        if entry is not None and entry[0] is obj:
            return entry[1]
        value = derive()
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = (obj, value)
        return value
