"""One typed settings object, read from the environment (prefix `AWAS_`).

SQLite under `var/` is the zero-configuration default; PostgreSQL is one variable away
(`AWAS_DATABASE_URL=postgresql+psycopg://user@host/db`). Bad values fail at start with a message
that names the variable, never later in the middle of work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from awas.errors import ConfigError

DEV_SECRET = "awas-development-secret-not-for-production"
PLACEHOLDER_SECRETS = {DEV_SECRET, "changethis", "changeme", "secret", ""}
SUPPORTED_URL_PREFIXES = ("sqlite:///", "postgresql+psycopg://")


class Settings(BaseSettings):
    """Runtime configuration. Times are stored in UTC and shown in `display_timezone`."""

    model_config = SettingsConfigDict(env_prefix="AWAS_", extra="ignore", frozen=True)

    env: Literal["development", "test", "production"] = "development"
    home: Path = Field(default=Path("var"), description="Folder for the embedded database and files")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty means SQLite under home")
    data_dir: Path | None = Field(default=None, description="Evidence vault, snapshots, uploads")
    secret_key: SecretStr = Field(default=SecretStr(DEV_SECRET), description="Signs sessions, seals secrets")
    previous_secret_keys: SecretStr = Field(
        default=SecretStr(""), description="Comma-separated old keys, still accepted to open sealed values"
    )
    display_timezone: str = "Asia/Jakarta"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = False
    # PostgreSQL connection pool per process (many workers and web servers share one database:
    # keep workers x (pool + overflow) under the server's max_connections, or put PgBouncer in front).
    db_pool_size: int = Field(default=5, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    db_pool_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for a free connection")
    db_pool_recycle: int = Field(default=1800, ge=-1, description="Seconds before a connection is renewed")

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # psycopg 3 is the only PostgreSQL driver we ship; accept the plain scheme for convenience.
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        if value and not value.startswith(SUPPORTED_URL_PREFIXES):
            raise ValueError(f"must start with one of {', '.join(SUPPORTED_URL_PREFIXES)}")
        return value

    @field_validator("display_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _real_secret_in_production(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.env == "production" and (secret in PLACEHOLDER_SECRETS or len(secret) < 32):
            raise ValueError("AWAS_SECRET_KEY must be set to a random value of 32+ characters in production")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to `<home>/awas.db` (absolute, so the cwd cannot change it)."""
        return self.database_url or f"sqlite:///{(self.home / 'awas.db').resolve()}"

    @property
    def resolved_data_dir(self) -> Path:
        """Where files live: `AWAS_DATA_DIR`, or `<home>/data`."""
        return (self.data_dir or self.home / "data").resolve()

    @property
    def previous_keys(self) -> list[str]:
        return [k.strip() for k in self.previous_secret_keys.get_secret_value().split(",") if k.strip()]

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment (and overrides); raise ConfigError naming each bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [_describe(err) for err in exc.errors()]
        raise ConfigError("invalid configuration:\n" + "\n".join(lines)) from None


def _describe(err: ErrorDetails) -> str:
    loc = err.get("loc", ())
    name = "AWAS_" + str(loc[0]).upper() if loc else "settings"
    return f"  {name}: {err['msg'].removeprefix('Value error, ')}"
