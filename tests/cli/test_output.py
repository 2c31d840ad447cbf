"""CLI output: user content in tables and error messages is shown as written, never as Rich markup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from awas.cli.output import print_table
from tests.support.cli import run_cli

HOSTILE = ["[bold]tebal[/bold]", "[link=https://phish.example]klik[/link]", "[/]", "[red", "a [b] c"]


def test_table_cells_and_title_are_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    print_table("Judul [italic]miring[/italic]", ["kolom [u]x[/u]"], [(text,) for text in HOSTILE])
    shown = capsys.readouterr().out
    for text in [*HOSTILE, "Judul [italic]miring[/italic]", "kolom [u]x[/u]"]:
        assert text in shown
    assert "\\[" not in shown  # not escaped either: shown exactly as written


def test_non_text_cells_are_formatted_and_none_is_blank(capsys: pytest.CaptureFixture[str]) -> None:
    when = datetime(2024, 11, 25, 14, 3, tzinfo=UTC)
    print_table("t", ["a", "b", "c"], [(None, 3, when)])
    shown = capsys.readouterr().out
    assert "2024-11-25T21:03:00+07:00" in shown and "3" in shown


def test_an_error_message_names_hostile_user_input_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWAS_HOME", str(tmp_path))
    cluster = "[link=https:x]klaster[/link]"
    result = run_cli(capsys, "coord", "show", cluster)
    assert result.code == 2 and cluster in result.stderr
