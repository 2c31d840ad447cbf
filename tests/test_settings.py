from __future__ import annotations

from pathlib import Path

import pytest

from awas.errors import ConfigError
from awas.settings import DEV_SECRET, load_settings
from tests.support.cli import run_cli


def test_it_defaults_to_sqlite_under_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'var' / 'awas.db'}"
    assert settings.resolved_data_dir == tmp_path / "var" / "data"
    assert settings.display_timezone == "Asia/Jakarta"
    assert settings.is_sqlite


def test_it_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWAS_DATABASE_URL", "postgresql://u@localhost/awas")
    monkeypatch.setenv("AWAS_DATA_DIR", str(tmp_path / "vault"))
    settings = load_settings()
    assert settings.resolved_database_url == "postgresql+psycopg://u@localhost/awas"
    assert settings.resolved_data_dir == tmp_path / "vault"
    assert not settings.is_sqlite


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("AWAS_DATABASE_URL", "mysql://root@localhost/awas", "AWAS_DATABASE_URL: must start with"),
        ("AWAS_DISPLAY_TIMEZONE", "Mars/Olympus", "AWAS_DISPLAY_TIMEZONE: unknown time zone"),
        ("AWAS_ENV", "staging", "AWAS_ENV"),
        ("AWAS_LOG_JSON", "maybe", "AWAS_LOG_JSON"),
    ],
)
def test_it_rejects_bad_values_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message):
        load_settings()


@pytest.mark.parametrize("secret", [DEV_SECRET, "changethis", "short-secret"])
def test_it_refuses_a_placeholder_secret_in_production(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("AWAS_ENV", "production")
    monkeypatch.setenv("AWAS_SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="AWAS_SECRET_KEY"):
        load_settings()


def test_it_accepts_a_real_secret_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWAS_ENV", "production")
    monkeypatch.setenv("AWAS_SECRET_KEY", "x" * 40)
    assert load_settings().secret_key.get_secret_value() == "x" * 40


def test_cli_fails_at_start_with_exit_2_on_bad_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWAS_DATABASE_URL", "oracle://nope")
    result = run_cli(capsys, "db", "status")
    assert result.code == 2
    assert "AWAS_DATABASE_URL" in result.stderr
