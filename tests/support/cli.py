"""Run the real `awas` entry point in-process, with its exit status and both output streams."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from awas.cli.context import reset_app
from awas.cli.main import main


@dataclass
class CliRunnerResult:
    code: int
    stdout: str
    stderr: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> CliRunnerResult:
    """Invoke `awas ARGS...` as a user would (same error mapping), capturing what it printed."""
    reset_app()
    capsys.readouterr()
    code = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        reset_app()
    captured = capsys.readouterr()
    return CliRunnerResult(code, captured.out, captured.err)
