"""Printing for the CLI: JSON to stdout, tables for people, progress and messages to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from awas.timeutil import to_wib

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_wib(value).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def emit_json(payload: Any) -> None:
    """One JSON document on stdout (times shown in WIB with offset)."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=_default, indent=2) + "\n")
    sys.stdout.flush()


def plain(value: Any) -> Text:
    """A value as literal text: user content such as `[bold]` or `[link=...]` is never Rich markup."""
    if value is None:
        return Text("")
    return Text(value if isinstance(value, str) else str(_default(value)))


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table on stdout; the title and every cell are plain text (never read as Rich markup)."""
    table = Table(title=plain(title), title_justify="left", header_style="bold")
    for name in columns:
        table.add_column(plain(name))
    for row in rows:
        table.add_row(*(plain(v) for v in row))
    out.print(table)


def progress() -> Progress:
    """A progress bar on stderr (Rich); disabled automatically when stderr is not a terminal."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
