"""Watch settings, read from the environment (prefix `AWAS_WATCH_`); a bad value is a ConfigError
naming the variable. Every limit that keeps a hostile host from costing time or storage is here.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from awas.errors import ConfigError

MIB = 1024 * 1024


class WatchSettings(BaseSettings):
    """Politeness, limits, debounce and retention of the election-infrastructure watch."""

    model_config = SettingsConfigDict(env_prefix="AWAS_WATCH_", extra="ignore", frozen=True)

    workers: int = Field(default=16, ge=1, le=128, description="Endpoints checked at the same time")
    host_interval_s: float = Field(default=1.0, ge=0, description="Pause between two requests to one host")
    timeout_s: float = Field(default=10.0, gt=0, description="Connect and per-read timeout")
    deadline_s: float = Field(default=20.0, gt=0, description="Longest one check may take")
    max_bytes: int = Field(default=5 * MIB, gt=0, description="Largest response body read")
    max_redirects: int = Field(default=5, ge=0, description="Redirects followed")
    respect_robots: bool = Field(default=True, description="Obey robots.txt of watched hosts")
    ca_file: Path | None = Field(default=None, description="Extra CA certificates (PEM) trusted for TLS")
    learn_checks: int = Field(default=3, ge=1, le=50, description="Successful fetches that form a baseline")
    confirm_checks: int = Field(default=2, ge=1, le=20, description="Checks an anomaly must persist")
    outage_after: int = Field(default=3, ge=1, le=100, description="Failed checks in a row = outage")
    recover_after: int = Field(default=2, ge=1, le=100, description="Good checks in a row = recovered")
    relearn_after: int = Field(default=3, ge=1, le=100, description="Clean changed checks = new baseline")
    cert_renewal_days: int = Field(default=30, ge=0, description="A same-issuer change this close to expiry")
    cert_warn_days: int = Field(default=14, ge=0, description="Expiry warning on the status board")
    slow_ms: int = Field(default=5000, gt=0, description="Latency shown as slow")
    interval_s: float = Field(default=300.0, gt=0, description="Pause between cycles with --follow")
    retention_days: int = Field(default=90, ge=1, description="Checks older than this are deleted")
    max_text_chars: int = Field(default=200_000, gt=0, description="Page text kept for comparison")
    redact_posts: bool = Field(default=True, description="Mask leaked NIK/KK in stored posts once sealed")
    cases: bool = Field(default=True, description="Open a temuan and route it for every incident")
    evidence: bool = Field(default=True, description="Capture evidence for every incident")
    post_batch: int = Field(default=5000, ge=1, description="Posts read per scan batch")


def load_watch_settings(**overrides: object) -> WatchSettings:
    """Read the settings; raise ConfigError naming each bad variable."""
    try:
        return WatchSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [f"  AWAS_WATCH_{str(e['loc'][0]).upper()}: {e['msg']}" for e in exc.errors()]
        raise ConfigError("invalid watch configuration:\n" + "\n".join(lines)) from None
