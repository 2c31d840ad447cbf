"""Evidence settings, read from the environment (prefix `AWAS_EVIDENCE_`).

They live here rather than in `awas.settings` because only this capability uses them; a bad value
fails with a ConfigError naming the variable, like the core settings.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from awas.errors import ConfigError

MIB = 1024 * 1024


class EvidenceSettings(BaseSettings):
    """Capture limits, vault location and the optional RFC 3161 time-stamping authority."""

    model_config = SettingsConfigDict(env_prefix="AWAS_EVIDENCE_", extra="ignore", frozen=True)

    storage: str = Field(default="local", description="Vault storage plug-in (see storage.STORAGES)")
    vault_dir: Path | None = Field(default=None, description="Vault folder; default <data dir>/evidence")
    max_bytes: int = Field(default=200 * MIB, gt=0, description="Largest HTTP response a capture keeps")
    timeout_s: float = Field(default=20.0, gt=0, description="Socket timeout of one read or connect")
    deadline_s: float = Field(default=120.0, gt=0, description="Longest a whole fetch may take")
    max_redirects: int = Field(default=10, ge=0, description="Redirects followed before giving up")
    ca_file: Path | None = Field(default=None, description="Extra CA certificates (PEM) trusted for TLS")
    user_agent: str = Field(default="awas-evidence/0.1 (Bawaslu; +pengawasan siber)")
    browser_path: Path = Field(default=Path("/usr/bin/chromium"), description="Debian's chromium")
    browser_timeout_s: float = Field(default=30.0, gt=0, description="Page load limit in the browser")
    tsa_url: str = Field(default="", description="RFC 3161 time-stamping authority; empty disables it")
    tsa_ca_file: Path | None = Field(default=None, description="Root certificate(s) of the TSA (PEM)")
    liveness_interval_s: int = Field(default=6 * 3600, gt=0, description="Re-check period of a URL")
    workers: int = Field(default=8, ge=1, le=64, description="Concurrent captures in a batch")


def load_evidence_settings(**overrides: object) -> EvidenceSettings:
    """Read the settings; raise ConfigError naming each bad variable."""
    try:
        return EvidenceSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [f"  AWAS_EVIDENCE_{str(e['loc'][0]).upper()}: {e['msg']}" for e in exc.errors()]
        raise ConfigError("invalid evidence configuration:\n" + "\n".join(lines)) from None
