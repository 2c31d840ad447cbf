"""Explicit plug-in registries with lazy imports (C6): built-ins are dotted paths resolved on first use,
third-party plug-ins come from the entry-point group `awas.<role>`. An optional dependency that is
not installed costs nothing until its plug-in is asked for, and then fails with a clear SetupError.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from awas.errors import AwasError

T = TypeVar("T")


class SetupError(AwasError):
    """A plug-in cannot be used here (unknown name or a missing optional dependency)."""

    exit_code = 2


def resolve(dotted: str) -> Any:
    """Import `package.module:attribute` (or `package.module.attribute`)."""
    module_name, sep, attr = dotted.partition(":")
    if not sep:
        module_name, _, attr = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise SetupError(
            f"{dotted} needs the package {exc.name!r}, which is not installed "
            "(install the matching extra, e.g. pip install 'awas[ray]')"
        ) from exc
    return getattr(module, attr)


class Registry(Generic[T]):
    """Named implementations of one role (feeder, classifier, storage...)."""

    def __init__(self, role: str, builtins: dict[str, str]) -> None:
        self.role = role
        self._paths = dict(builtins)
        self._loaded: dict[str, type[T]] = {}
        self._entry_points_read = False

    def register(self, name: str, dotted: str) -> None:
        self._paths[name] = dotted

    def names(self) -> list[str]:
        self._read_entry_points()
        return sorted(self._paths)

    def get(self, name: str) -> type[T]:
        self._read_entry_points()
        if name not in self._loaded:
            if name not in self._paths:
                raise SetupError(f"unknown {self.role} {name!r}; known: {', '.join(self.names())}")
            self._loaded[name] = resolve(self._paths[name])
        return self._loaded[name]

    def _read_entry_points(self) -> None:
        if self._entry_points_read:
            return
        self._entry_points_read = True
        for ep in entry_points(group=f"awas.{self.role}"):
            self._paths.setdefault(ep.name, ep.value)
