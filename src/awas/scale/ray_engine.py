"""The Ray engine: batch functions as Ray Data `map_batches` stages on a local or remote cluster.

Only this module (and the `*_ray` helpers it is handed to) imports `ray`; it is the `ray` extra.

`map_ordered(fn, context, items)` builds, per window of items, a Ray Data dataset of
`(index, pickled item)` rows and maps it with `batch_size=1`: each Ray task unpickles one item, calls
`fn(context, item)` and pickles the output. The context is put in the object store once and cached
in each worker process (keyed by its object id), so a model is deserialised once per worker, not
once per batch. Outputs are returned in input order (`preserve_order`, and sorted by index as a
belt-and-braces check), which is what makes the engines' results identical. Ray retries a task whose
worker died; the functions mapped here are pure, so a retry recomputes the same output.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

import polars as pl
import ray
import ray.data

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

WINDOW = 64  # items per dataset execution: bounds driver memory, amortises a dataset's start-up
WORKER_ENV = {"POLARS_MAX_THREADS": "1", "OMP_NUM_THREADS": "1"}  # one core per task, no oversubscription
_contexts: dict[str, Any] = {}


def _context(ref: Any) -> Any:
    """The shipped context, deserialised once per worker process."""
    key = ref.hex()
    if key not in _contexts:
        _contexts.clear()  # one run's context at a time per worker
        _contexts[key] = ray.get(ref)
    return _contexts[key]


def _apply(batch: dict[str, Any], fn: Callable[[Any, Any], Any], refs: list[Any]) -> dict[str, Any]:
    context = _context(refs[0])
    results = [pickle.dumps(fn(context, pickle.loads(payload))) for payload in batch["payload"]]
    return {"index": batch["index"], "result": results}


def _apply_group(table: Any, fn: Callable[[Any, pl.DataFrame], pl.DataFrame], refs: list[Any]) -> Any:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return fn(_context(refs[0]), frame).to_arrow()


class RayEngine:
    """Connected to Ray for the lifetime of one command; `close()` disconnects if it connected."""

    name = "ray"

    def __init__(self, owns_connection: bool, window: int = WINDOW) -> None:
        self.owns_connection = owns_connection
        self.window = window
        self.parallelism = max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
        configure_data_context()

    @classmethod
    def connect(cls, address: str | None = None, num_cpus: int | None = None) -> RayEngine:
        """Join the cluster at `address` (`ray://head:10001` or `auto`), or start a local Ray.

        An already initialised Ray (a test session, a Ray job) is reused and left running.
        """
        if ray.is_initialized():
            return cls(owns_connection=False)
        options: dict[str, Any] = {
            "runtime_env": {"env_vars": WORKER_ENV},
            "log_to_driver": False,
            "configure_logging": False,
        }
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=num_cpus or os.cpu_count(), include_dashboard=False, **options)
        return cls(owns_connection=True)

    def map_ordered(self, fn: Callable[[C, T], R], context: C, items: Iterable[T]) -> Iterator[R]:
        """`fn(context, item)` for each item on the cluster, yielded in input order."""
        refs = [ray.put(context)]
        iterator = iter(items)
        offset = 0
        while window := list(islice(iterator, self.window)):
            yield from self._run_window(fn, refs, window, offset)
            offset += len(window)

    def _run_window(
        self, fn: Callable[[Any, Any], R], refs: list[Any], window: list[Any], offset: int
    ) -> list[R]:
        rows = [{"index": offset + i, "payload": pickle.dumps(item)} for i, item in enumerate(window)]
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
        mapped = dataset.map_batches(
            _apply,  # type: ignore[arg-type]
            fn_kwargs={"fn": fn, "refs": refs},
            batch_size=1,
            batch_format="numpy",
        )
        done = sorted(mapped.iter_rows(), key=lambda row: int(row["index"]))
        return [pickle.loads(row["result"]) for row in done]

    def map_groups(
        self, fn: Callable[[C, pl.DataFrame], pl.DataFrame], context: C, frame: pl.DataFrame, key: str
    ) -> pl.DataFrame:
        """A Ray Data hash shuffle on `key` (`groupby(key).map_groups`), `fn` on each group's rows."""
        if frame.is_empty():
            return fn(context, frame)
        partitions = min(frame[key].n_unique(), 4 * self.parallelism)
        dataset = ray.data.from_arrow(frame.to_arrow(), override_num_blocks=self.parallelism)
        mapped = dataset.groupby(key, num_partitions=partitions).map_groups(
            _apply_group,  # type: ignore[arg-type]
            fn_kwargs={"fn": fn, "refs": [ray.put(context)]},
            batch_format="pyarrow",
        )
        tables = [
            pl.from_arrow(batch) for batch in mapped.iter_batches(batch_format="pyarrow", batch_size=None)
        ]
        return (
            pl.concat([t for t in tables if isinstance(t, pl.DataFrame)])
            if tables
            else fn(context, frame.clear())
        )

    def close(self) -> None:
        if self.owns_connection and ray.is_initialized():
            ray.shutdown()


def configure_data_context() -> None:
    """Ordered outputs, no Ray progress bars (awas draws its own), quiet logs."""
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
