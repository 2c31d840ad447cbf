"""`awas` root command. Each capability adds one group in `COMMAND_GROUPS`."""

from __future__ import annotations

import sys

import typer

from awas import __version__
from awas.cli.output import err
from awas.core.registry import resolve
from awas.errors import AwasError, InputError

# name → "module:typer_app". One line per capability keeps merges trivial.
COMMAND_GROUPS: dict[str, str] = {
    "db": "awas.cli.db_cmd:app",
    "evidence": "awas.cli.evidence_cmd:app",
    "detect": "awas.cli.detect_cmd:app",
    "reference": "awas.cli.reference_cmd:app",
    "risk": "awas.cli.risk_cmd:app",
    "serve": "awas.cli.serve_cmd:app",
    "recap": "awas.cli.recap_cmd:app",
    "users": "awas.cli.users_cmd:app",
    "case": "awas.cli.case_cmd:app",
    "law": "awas.cli.law_cmd:app",
    "coord": "awas.cli.coord_cmd:app",
    "ingest": "awas.cli.ingest_cmd:app",
    "sources": "awas.cli.sources_cmd:app",
    "accounts": "awas.cli.accounts_cmd:app",
    "watch": "awas.cli.watch_cmd:app",
}

cli = typer.Typer(
    name="awas",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="awas: pengawasan siber Pilkada (election cyber-supervision for Bawaslu).",
)


@cli.callback()
def _root(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def _register_groups() -> None:
    from awas.cli.demo_cmd import demo

    cli.command("demo")(demo)
    for name, dotted in COMMAND_GROUPS.items():
        cli.add_typer(resolve(dotted), name=name)


_register_groups()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map errors to the exit statuses of specs/cli-contracts.md.

    Typer handles usage errors itself (exit 2); awas errors carry their own exit status.
    """
    try:
        cli(args=argv)
    except InputError as exc:
        _print_input_error(exc)
        sys.exit(exc.exit_code)
    except AwasError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        sys.exit(exc.exit_code)


def _print_input_error(exc: InputError) -> None:
    err.print(f"[bold red]error:[/] {exc.summary}", highlight=False)
    for problem in exc.problems[:200]:
        err.print(f"  {problem}", highlight=False, markup=False)
    if len(exc.problems) > 200:
        err.print(f"  ... and {len(exc.problems) - 200} more", highlight=False)
