"""Names for codes, in the reader's language, from the reference data (categories, paslon, regions,
handlers, organisations). Pages show names; the JSON keeps the codes beside them.

Each table is built once per App (and language): the reference catalogue an App reads is itself loaded
once per App, so the names cannot go stale while the App lives.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar
from weakref import WeakKeyDictionary

from pydantic import BaseModel

from awas.app import App
from awas.domain.regions import RegionLevel

T = TypeVar("T")
_tables: WeakKeyDictionary[App, dict[Hashable, object]] = WeakKeyDictionary()


def per_app(core: App, key: Hashable, build: Callable[[], T]) -> T:
    """`build()` once per App and key (reference-derived tables only)."""
    tables = _tables.setdefault(core, {})
    if key not in tables:
        tables[key] = build()
    return tables[key]  # type: ignore[return-value]


class Option(BaseModel):
    """One choice of a filter: the value sent back and its label."""

    value: str
    label: str


def category_names(core: App, lang: str) -> dict[str, str]:
    return per_app(
        core,
        ("categories", lang),
        lambda: {c.id: (c.name_en if lang == "en" else c.name) for c in core.reference.categories.values()},
    )


def paslon_names(core: App) -> dict[str, str]:
    return per_app(
        core,
        "paslon",
        lambda: {
            p.id: f"{p.nomor_urut:02d} {p.short_name or p.name}" for p in core.reference.paslon.values()
        },
    )


def kabkota_names(core: App) -> dict[str, str]:
    return per_app(
        core,
        "kabkota",
        lambda: {r.code: r.name for r in core.reference.regions.values() if r.level is RegionLevel.KABKOTA},
    )


def region_name(core: App, code: str | None) -> str:
    if not code:
        return ""
    region = core.reference.regions.get(code)
    return region.name if region else code


def handler_names(core: App) -> dict[str, str]:
    return per_app(core, "handlers", lambda: {h.id: h.name for h in core.reference.handlers.values()})


def organisation_names(core: App) -> dict[str, str]:
    return per_app(
        core, "organisations", lambda: {o.id: o.name for o in core.reference.organisations.values()}
    )


def options(names: dict[str, str], *, sort_by_label: bool = True) -> list[Option]:
    pairs = sorted(names.items(), key=lambda kv: kv[1] if sort_by_label else kv[0])
    return [Option(value=k, label=v) for k, v in pairs]
