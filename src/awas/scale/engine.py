"""Engine choice: where the capabilities' batch functions run.

Every pipeline in awas is a sequence of pure batch functions (`run_intake(frame, ctx)`,
`detect_batch(posts, ctx)`, MinHash signing, `run_audit(inputs)`). An engine maps such a function
over a sequence of inputs with one shared, picklable context and yields the outputs **in input
order**, so whatever consumes them (the writer, the merge) does exactly what it does locally:

- `LocalEngine` calls the function in this process;
- `RayEngine` (`awas.scale.ray_engine`, the `ray` extra) runs it as a Ray Data `map_batches` stage
  on a local or remote Ray cluster.

Front ends build an `EngineChoice` from `--engine local|ray` and `--address`, and services open the
engine with `open_engine(choice)` as a context manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, TypeVar

import polars as pl

from awas.core.registry import SetupError
from awas.errors import InputError, InputProblem

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")


class EngineKind(StrEnum):
    LOCAL = "local"
    RAY = "ray"


@dataclass(frozen=True, slots=True)
class EngineChoice:
    """What the operator asked for: the engine and, for Ray, a cluster address (None: a local Ray).

    `num_cpus` only applies when a local Ray instance is started (tests and benchmarks use 2).
    """

    kind: EngineKind = EngineKind.LOCAL
    address: str | None = None
    num_cpus: int | None = None

    @classmethod
    def parse(cls, engine: str, address: str | None = None, num_cpus: int | None = None) -> EngineChoice:
        """From CLI text; raises InputError for an unknown engine or an address without `--engine ray`."""
        try:
            kind = EngineKind(engine)
        except ValueError:
            problem = InputProblem("--engine", f"harus local atau ray, bukan {engine!r}", field="engine")
            raise InputError(problem) from None
        if address and kind is not EngineKind.RAY:
            raise InputError(InputProblem("--address", "hanya berlaku dengan --engine ray", field="address"))
        return cls(kind, address or None, num_cpus)

    @property
    def is_ray(self) -> bool:
        return self.kind is EngineKind.RAY


class Engine(Protocol):
    """Runs batch functions; outputs come back in input order."""

    name: str
    parallelism: int

    def map_ordered(self, fn: Callable[[C, T], R], context: C, items: Iterable[T]) -> Iterator[R]:
        """`fn(context, item)` for each item, in order; the context is shipped once per worker."""
        ...

    def map_groups(
        self, fn: Callable[[C, pl.DataFrame], pl.DataFrame], context: C, frame: pl.DataFrame, key: str
    ) -> pl.DataFrame:
        """`fn(context, rows)` per distinct `key` (all rows of a key together: a shuffle), concatenated."""
        ...

    def close(self) -> None: ...


class LocalEngine:
    """Everything in this process (the default; what `awas ... --engine local` does)."""

    name = "local"
    parallelism = 1

    def map_ordered(self, fn: Callable[[C, T], R], context: C, items: Iterable[T]) -> Iterator[R]:
        return (fn(context, item) for item in items)

    def map_groups(
        self, fn: Callable[[C, pl.DataFrame], pl.DataFrame], context: C, frame: pl.DataFrame, key: str
    ) -> pl.DataFrame:
        parts = [fn(context, group) for _, group in frame.group_by(key, maintain_order=True)]
        return pl.concat(parts) if parts else fn(context, frame.clear())

    def close(self) -> None:
        return None


class EngineSession:
    """`with open_engine(choice) as engine:` closes (disconnects from Ray) on the way out."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def __enter__(self) -> Any:
        return self.engine

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.engine.close()


def open_engine(choice: EngineChoice) -> EngineSession:
    """The engine for `choice`. Raises SetupError when Ray is asked for but not installed."""
    if not choice.is_ray:
        return EngineSession(LocalEngine())
    try:
        from awas.scale.ray_engine import RayEngine
    except ImportError as exc:  # the `ray` extra is optional
        raise SetupError("engine ray membutuhkan paket ray: pip install 'awas[ray]'") from exc
    return EngineSession(RayEngine.connect(choice.address, choice.num_cpus))
