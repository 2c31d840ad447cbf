"""The App a CLI process works with: built once from the environment, schema kept current."""

from __future__ import annotations

import getpass

from awas.app import App

_current: App | None = None


def get_app() -> App:
    """The process-wide App; its database is upgraded to the current schema on first use."""
    global _current
    if _current is None:
        app = App()
        app.upgrade_schema()
        _current = app
    return _current


def reset_app() -> None:
    """Close the process-wide App (tests run many commands in one process)."""
    global _current
    if _current is not None:
        _current.close()
        _current = None


def cli_actor() -> str:
    """Who is acting when a command runs from a shell (recorded in the audit log)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"
