"""`awas law`: the legal catalogue as a service for scripts (`awas law route`, specs/cli-contracts.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from awas.cases.law import route_file
from awas.cases.scenario import contract_json
from awas.cli.context import get_app
from awas.cli.output import Format, emit_json, err, print_table

app = typer.Typer(
    help="Katalog hukum: jalur, instansi penerus dan tenggat (legal routing).", no_args_is_help=True
)


@app.command("route")
def route_cmd(
    scenario: Path = typer.Option(..., "--in", help="SCENARIO.json (specs/cli-contracts.md, awas law route)"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Track, handler, legal basis, admissibility and deadlines of a laporan or temuan scenario."""
    outcome, fallback = route_file(get_app(), scenario)
    if fallback:
        err.print("[dim]katalog belum dimuat di basis data; memakai paket referensi bawaan[/]")
    result = contract_json(outcome)
    if fmt is Format.JSON:
        emit_json(result)
        return
    rows = [(key, _text(value)) for key, value in result.items()]
    print_table(f"Penerusan: {scenario.name}", ["unsur", "nilai"], rows)


def _text(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return "-" if value is None else str(value)
