"""The aggregate cache: fresh after a change, one computation per key, the previous value meanwhile."""

from __future__ import annotations

import threading
import time

from awas.web.cache import VersionedCache


def test_a_changed_stamp_is_recomputed_at_once_by_the_next_caller() -> None:
    cache, stamp, calls = VersionedCache(recheck=0), [1], []

    def compute() -> int:
        calls.append(stamp[0])
        return stamp[0] * 10

    assert cache.get("k", lambda: stamp[0], compute) == 10
    assert cache.get("k", lambda: stamp[0], compute) == 10 and calls == [1]
    stamp[0] = 2
    assert cache.get("k", lambda: stamp[0], compute) == 20 and calls == [1, 2]


def test_while_one_request_recomputes_the_others_get_the_previous_value() -> None:
    cache, stamp = VersionedCache(recheck=0), [1]
    started, release = threading.Event(), threading.Event()
    computations: list[int] = []

    def slow() -> int:
        computations.append(stamp[0])
        started.set()
        assert release.wait(5)
        return stamp[0] * 10

    assert cache.get("k", lambda: stamp[0], lambda: 10) == 10
    stamp[0] = 2
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(cache.get("k", lambda: stamp[0], slow)))
    worker.start()
    assert started.wait(5)
    # a concurrent request does not start a second computation: it gets the value it replaces
    assert cache.get("k", lambda: stamp[0], slow) == 10
    release.set()
    worker.join(5)
    assert results == [20] and computations == [2]
    assert cache.get("k", lambda: stamp[0], slow) == 20  # stored for everyone after


def test_a_failed_computation_does_not_block_the_key() -> None:
    cache = VersionedCache(recheck=0)

    def broken() -> int:
        raise RuntimeError("query failed")

    for _ in range(2):
        try:
            cache.get("k", lambda: 1, broken)
        except RuntimeError:
            pass
    assert cache.get("k", lambda: 1, lambda: 7) == 7


def test_a_cold_key_is_computed_once_and_the_others_wait_for_it() -> None:
    cache = VersionedCache(recheck=0)
    started, release = threading.Event(), threading.Event()
    computations: list[str] = []

    def slow() -> int:
        computations.append("x")
        started.set()
        assert release.wait(5)
        return 42

    first: list[int] = []
    worker = threading.Thread(target=lambda: first.append(cache.get("k", lambda: 1, slow)))
    worker.start()
    assert started.wait(5)
    waiting: list[int] = []
    other = threading.Thread(target=lambda: waiting.append(cache.get("k", lambda: 1, slow)))
    other.start()
    other.join(0.2)
    assert other.is_alive() and not waiting  # waits instead of computing a second time
    release.set()
    worker.join(5)
    other.join(5)
    assert first == waiting == [42] and computations == ["x"]


def test_one_request_reads_the_stamp_while_the_others_serve_the_entry() -> None:
    cache = VersionedCache(recheck=0.05)
    assert cache.get("k", lambda: 1, lambda: 5) == 5
    time.sleep(0.06)
    started, release = threading.Event(), threading.Event()
    reads: list[str] = []

    def slow_stamp() -> int:
        reads.append("x")
        started.set()
        assert release.wait(5)
        return 1

    worker = threading.Thread(target=lambda: cache.get("k", slow_stamp, lambda: 6))
    worker.start()
    assert started.wait(5)
    assert cache.get("k", slow_stamp, lambda: 6) == 5  # no second stamp read
    release.set()
    worker.join(5)
    assert reads == ["x"]
