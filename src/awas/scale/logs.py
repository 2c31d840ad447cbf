"""Structured logs: one JSON object per line on stderr when `AWAS_LOG_JSON=true`.

Fields: `ts` (UTC, ISO 8601), `level`, `logger`, `message`, `process`, every `extra={...}` field the
call passed (e.g. `posts`, `engine`), and `exception` with the traceback. Without AWAS_LOG_JSON the
logging setup is left alone (warnings and errors still reach stderr), so interactive commands keep
their progress bars clean. Log shippers (Vector, Fluent Bit, Loki's promtail) read these lines as is.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from awas.errors import ConfigError
from awas.settings import Settings, load_settings

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        entry |= {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _JsonHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the current `sys.stderr`; marks the handler this module installed (installed once)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(settings: Settings) -> None:
    """Install the JSON handler on the root logger when `settings.log_json`; idempotent."""
    if not settings.log_json:
        return
    root = logging.getLogger()
    root.setLevel(settings.log_level)
    if any(isinstance(h, _JsonHandler) for h in root.handlers):
        return
    handler = _JsonHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)


def configure_from_environment() -> None:
    """`configure_logging` with the environment's settings; invalid settings are reported later, by
    the command that needs them, so this never fails."""
    try:
        configure_logging(load_settings())
    except ConfigError:
        return
