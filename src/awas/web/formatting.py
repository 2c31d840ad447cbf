"""Display formats: numbers with Indonesian or English separators, times in WIB."""

from __future__ import annotations

from datetime import date, datetime

from awas.timeutil import to_wib


def format_number(value: float | int | None, lang: str = "id", digits: int = 0) -> str:
    """`1234567.8` → `1.234.568` (id) or `1,234,568` (en); empty for None."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return text


def format_wib(value: datetime | date | None, with_time: bool = True) -> str:
    """An aware datetime in WIB (`2024-11-27 13:05 WIB`); a date as ISO; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        shown = to_wib(value)
        return shown.strftime("%Y-%m-%d %H:%M WIB") if with_time else shown.strftime("%Y-%m-%d")
    return value.isoformat()


def is_web_url(url: str | None) -> bool:
    """Only web links become clickable (a `javascript:` URL in a post must not)."""
    return bool(url) and str(url).lower().startswith(("https://", "http://"))
