"""Notification settings, from the environment (prefix AWAS_), read when notifications are sent."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from awas.errors import ConfigError


class NotifySettings(BaseSettings):
    """SMTP server and delivery policy. The SMTP host is required only when an e-mail channel exists."""

    model_config = SettingsConfigDict(env_prefix="AWAS_", extra="ignore", frozen=True)

    smtp_host: str = Field(default="", description="SMTP server for case e-mails")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = Field(default="awas@localhost", description="Sender address")
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    notify_timeout_s: float = Field(default=10.0, gt=0, le=120)
    notify_max_attempts: int = Field(default=6, ge=1, le=50)
    notify_retry_base_s: int = Field(default=60, ge=1, le=86_400)
    notify_due_soon_hours: int = Field(default=24, ge=1, le=24 * 30)


def load_notify_settings() -> NotifySettings:
    """Settings from the environment; ConfigError naming the bad variable."""
    try:
        return NotifySettings()
    except ValidationError as exc:
        lines = [f"  AWAS_{str(e['loc'][0]).upper()}: {e['msg']}" for e in exc.errors()]
        raise ConfigError("invalid notification configuration:\n" + "\n".join(lines)) from None
