"""`awas demo`: the whole product on bundled data, on the embedded database."""

from __future__ import annotations

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.output import err, print_table
from awas.demo import run_demo


def demo(
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the dashboard when done"),
    host: str = typer.Option("127.0.0.1", help="Address to serve on"),
    port: int = typer.Option(8000, help="Port to serve on"),
) -> None:
    """Create the database, load the bundled reference and sample data, run every capability, serve."""
    core = get_app()
    err.print(f"[bold]awas demo[/] pada {core.db.describe()}")
    for step in run_demo(core, actor=cli_actor()):
        print_table(step.title, ["apa", "jumlah"], list(step.summary.items()))
    if serve:
        from awas.demo import serve_dashboard

        serve_dashboard(core, host=host, port=port)
