"""Pydantic shapes shared by several pages and the API (labels are resolved for the reader's language)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class CountRow(BaseModel):
    key: str
    label: str
    count: int


class DayCount(BaseModel):
    day: date
    count: int


def count_rows(counts: dict[str, int], labels: dict[str, str], *, all_keys: bool = False) -> list[CountRow]:
    """Rows sorted by count (highest first); with `all_keys`, labelled keys with no count show as 0."""
    keys = set(counts) | (set(labels) if all_keys else set())
    rows = [CountRow(key=k, label=labels.get(k, k), count=counts.get(k, 0)) for k in keys]
    return sorted(rows, key=lambda r: (-r.count, r.key))
