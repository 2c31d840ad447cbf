"""Shared pieces of the live platform-API collectors: keys from the environment, JSON pages."""

from __future__ import annotations

import json
import os
from typing import Any

from awas.ingest.fetcher import Fetched, FetchError
from awas.ingest.records import Source


def api_key(source: Source, default_env: str) -> str:
    """The key/token named by the source's `key_env` (never stored in the database)."""
    name = str(source.config.get("key_env", default_env))
    value = os.environ.get(name, "")
    if not value:
        raise FetchError(f"kunci API tidak ada: setel variabel lingkungan {name}")
    return value


def json_page(fetched: Fetched) -> dict[str, Any]:
    try:
        page = json.loads(fetched.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"jawaban API {fetched.url} bukan JSON: {exc}") from None
    if not isinstance(page, dict):
        raise FetchError(f"jawaban API {fetched.url} bukan objek JSON")
    return page
