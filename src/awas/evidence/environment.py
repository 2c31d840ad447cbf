"""Who captured, from where, with which tools: the provenance every capture records."""

from __future__ import annotations

import platform
import socket
import ssl
from datetime import datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from awas import __version__
from awas.evidence.ledger import format_at
from awas.timeutil import to_wib


@cache
def tool_versions() -> dict[str, str]:
    """Versions of awas and of the libraries that shape a capture's bytes."""
    found = {"awas": __version__, "python": platform.python_version(), "openssl": ssl.OPENSSL_VERSION}
    for package in ("warcio", "weasyprint", "playwright", "rfc3161-client"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            continue
    return found


def software_name() -> str:
    return f"awas {__version__} (warcio {tool_versions().get('warcio', '?')})"


def capture_host(local_ip: str | None = None) -> dict[str, Any]:
    """The capturing machine: host name, the address it used (or its resolved address), OS."""
    hostname = socket.gethostname()
    if local_ip is None:
        try:
            local_ip = socket.gethostbyname(hostname)
        except OSError:
            local_ip = ""
    return {"hostname": hostname, "ip": local_ip, "os": platform.platform()}


def both_times(at: datetime) -> dict[str, str]:
    """An instant in UTC and in WIB, as recorded in capture metadata and reports."""
    return {"utc": format_at(at), "wib": to_wib(at).isoformat(timespec="seconds")}
