"""Column parsers for reference CSV files: each turns the cell text into a value or raises ValueError."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from awas.timeutil import parse_aware

Parser = Callable[[str], Any]


def text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value.strip()


def optional_text(value: str) -> str:
    return value.strip()


def choice(*allowed: str) -> Parser:
    def parse(value: str) -> str:
        if value.strip() not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return value.strip()

    return parse


def integer(value: str) -> int:
    try:
        number = int(value.strip().replace("_", ""))
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise ValueError(f"{number} is negative")
    return number


def optional(parser: Parser) -> Parser:
    def parse(value: str) -> Any:
        return None if not value.strip() else parser(value)

    return parse


def number(value: str) -> float:
    try:
        return float(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def aware_datetime(value: str) -> datetime:
    try:
        return parse_aware(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an ISO 8601 time with offset ({exc})") from None


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "ya", "yes"):
        return True
    if lowered in ("false", "0", "tidak", "no"):
        return False
    raise ValueError(f"{value!r} is not true/false")


def semicolon_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


_STATUS = choice("verified", "sourced", "conflict", "unverified")


def status(value: str) -> str:
    return str(_STATUS(value))
