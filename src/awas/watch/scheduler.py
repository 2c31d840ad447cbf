"""Bounded concurrency with per-host politeness: at most `workers` checks at once, never two at once
on one host, and at least `interval` seconds between the end of one request to a host and the next.
Hosts are served in the order they become ready, so a host with many endpoints never holds a
worker idle while other hosts wait.
"""

from __future__ import annotations

import heapq
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def run_polite(
    items: Iterable[T],
    host_of: Callable[[T], str],
    work: Callable[[T], R],
    *,
    workers: int,
    interval: float,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[R]:
    """Yield `work(item)` for every item as each finishes (`work` must not raise)."""
    queues: dict[str, deque[T]] = {}
    for item in items:
        queues.setdefault(host_of(item), deque()).append(item)
    ready = [(0.0, host) for host in queues]
    heapq.heapify(ready)
    running: dict[Future[R], str] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="awas-watch") as pool:
        while ready or running:
            now = clock()
            while ready and len(running) < workers and ready[0][0] <= now:
                _, host = heapq.heappop(ready)
                running[pool.submit(work, queues[host].popleft())] = host
            timeout = max(0.0, ready[0][0] - now) if ready and len(running) < workers else None
            if not running:
                time.sleep(timeout or 0.0)
                continue
            done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                host = running.pop(future)
                if queues[host]:
                    heapq.heappush(ready, (clock() + interval, host))
                yield future.result()
