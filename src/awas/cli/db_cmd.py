"""`awas db`: create or upgrade the schema (Alembic migrations are the only way it is made)."""

from __future__ import annotations

import typer

from awas.app import App
from awas.cli.output import Format, emit_json, err
from awas.store.migrate import current_revisions, head_revisions

app = typer.Typer(help="Database schema: upgrade and status.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Apply every pending migration to the database in AWAS_DATABASE_URL (SQLite under var/ by default)."""
    with App() as core:
        applied = core.upgrade_schema()
        where = core.db.describe()
    err.print(f"{where}: " + (f"applied {', '.join(applied)}" if applied else "already up to date"))


@app.command()
def status(fmt: Format = typer.Option(Format.TEXT, "--format")) -> None:
    """Show the database in use and whether its schema is current."""
    with App() as core:
        current, heads = sorted(current_revisions(core.db)), sorted(head_revisions())
        info = {
            "database": core.db.describe(),
            "current": current,
            "heads": heads,
            "up_to_date": current == heads,
        }
    if fmt is Format.JSON:
        emit_json(info)
        return
    state = "up to date" if info["up_to_date"] else "needs `awas db upgrade`"
    err.print(f"{info['database']}\n  revisions: {', '.join(current) or '(empty)'}\n  schema: {state}")
