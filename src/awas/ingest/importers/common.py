"""Helpers shared by the platform importers: reading JSON exports safely, times, text entities."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from awas.errors import InputError, InputProblem
from awas.ingest.lines import sniff_encoding_problem
from awas.timeutil import parse_aware

MAX_JSON_FILE_BYTES = 512 * 1024 * 1024
HASHTAG = re.compile(r"(?<![\w#])#(\w{2,100})")
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]{2,64})")
URL = re.compile(r"https?://[^\s<>\"')\]]+")
# Abbreviations that export tools write after a local time ("2024-11-25 21:03:00 WIB").
ZONE_ABBREVIATIONS = {
    "UTC": "UTC",
    "GMT": "UTC",
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "SGT": "Asia/Singapore",
}


def refuse_unreadable(path: Path) -> None:
    """Raise InputError for a missing, binary or UTF-16 file (quarantined as a whole source)."""
    if not path.is_file():
        raise InputError(InputProblem(str(path), "berkas tidak ditemukan"))
    problem = sniff_encoding_problem(path)
    if problem:
        raise InputError(InputProblem(str(path), problem))


def load_json(path: Path) -> Any:
    """A whole JSON document (exports are one document); InputError naming line and column if broken."""
    refuse_unreadable(path)
    if path.stat().st_size > MAX_JSON_FILE_BYTES:
        raise InputError(InputProblem(str(path), "berkas JSON lebih dari 512 MB; pecah menjadi JSONL"))
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except UnicodeDecodeError as exc:
        raise InputError(InputProblem(str(path), f"bukan UTF-8 (byte {exc.start})")) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            InputProblem(str(path), f"JSON tidak valid: {exc.msg} (kolom {exc.colno})", exc.lineno)
        ) from None


def json_documents(path: Path) -> Iterator[tuple[int, Any | Exception]]:
    """(line, document) for a .jsonl file (one document per line) or (1, doc) for a .json file.

    A broken line yields the exception instead of a document, so the caller can quarantine it.
    """
    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        yield 1, load_json(path)
        return
    refuse_unreadable(path)
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield number, exc


def from_unix(value: Any) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)


def parse_zoned(text: str, default_zone: str | None = None) -> datetime:
    """ISO text with an offset, or local text followed by a zone abbreviation ("… WIB").

    With `default_zone`, a time with neither is read in that zone (for exports that are known to be
    written in the exporter's local time); without it, such a time is refused (ValueError).
    """
    text = text.strip()
    head, _, abbreviation = text.rpartition(" ")
    if abbreviation.upper() in ZONE_ABBREVIATIONS:
        local = datetime.fromisoformat(head.replace("/", "-"))
        return local.replace(tzinfo=ZoneInfo(ZONE_ABBREVIATIONS[abbreviation.upper()])).astimezone(UTC)
    try:
        return parse_aware(text)
    except ValueError:
        if default_zone is None:
            raise
        local = datetime.fromisoformat(text)
        if local.tzinfo is not None:
            raise
        return local.replace(tzinfo=ZoneInfo(default_zone)).astimezone(UTC)


def entities(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(urls, hashtags, mentions) written in a text."""
    return (
        tuple(dict.fromkeys(URL.findall(text))),
        tuple(dict.fromkeys(HASHTAG.findall(text))),
        tuple(dict.fromkeys(MENTION.findall(text))),
    )


def as_int(value: Any) -> int | None:
    """Counts arrive as numbers or strings ("1,234"); None when absent or not a number."""
    if value is None or value == "":
        return None
    try:
        return int(float(str(value).replace(",", "")))
    except ValueError:
        return None


def metrics(**counts: Any) -> dict[str, int]:
    return {k: v for k, v in ((k, as_int(c)) for k, c in counts.items()) if v is not None}
