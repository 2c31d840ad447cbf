"""Time rules of the house: store UTC, show WIB (Asia/Jakarta), never accept a naive time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def utcnow() -> datetime:
    """Current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def parse_aware(text: str) -> datetime:
    """Parse ISO 8601 text that must carry an offset; return it in UTC.

    Raises ValueError for unparsable text or a naive time (a naive time is an input error, never
    silently assumed to be WIB or UTC).
    """
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"time {text!r} has no UTC offset")
    return value.astimezone(UTC)


def ensure_utc(value: datetime) -> datetime:
    """Return an aware datetime in UTC; raise ValueError for a naive one."""
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: awas stores aware times only")
    return value.astimezone(UTC)


def to_wib(value: datetime) -> datetime:
    """The same instant in WIB, for display and for the legal clocks."""
    return ensure_utc(value).astimezone(WIB)


def end_of_day_wib(day: date) -> datetime:
    """23:59:59 WIB on `day`, the end of a "within N days" legal window."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=WIB)


def wib_date(value: datetime) -> date:
    """Calendar date of an instant as seen in WIB."""
    return to_wib(value).date()


def add_days(day: date, days: int) -> date:
    """Calendar arithmetic on dates."""
    return day + timedelta(days=days)
