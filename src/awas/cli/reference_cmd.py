"""`awas reference`: validate, load and show reference packages (wilayah, elections, legal catalogue...)."""

from __future__ import annotations

from pathlib import Path

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, print_table, progress
from awas.reference.loader import PLAN, load_package
from awas.reference.package import bundled_package_dir
from awas.reference.validate import validate_package
from awas.reference.views import SHOWABLE, show_rows

app = typer.Typer(
    help="Reference data: wilayah, elections and paslon, schedule, legal catalogue.", no_args_is_help=True
)


@app.command()
def validate(folder: Path = typer.Argument(..., help="Folder of a reference package")) -> None:
    """Check a reference package folder; exit 2 naming file, line and field of every problem."""
    package = validate_package(folder)
    rows = sum(len(f.rows) for f in package.files.values())
    err.print(f"{folder}: valid ({package.manifest.name} {package.manifest.version}, {rows} rows)")


@app.command()
def load(
    folder: Path | None = typer.Argument(
        None, help="Package folder (default: the bundled Jambi 2024 package)"
    ),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Validate then load a reference package; nothing is loaded from a package that fails validation."""
    package = validate_package(folder or bundled_package_dir())
    core = get_app()
    with progress() as bar:
        task = bar.add_task("memuat data referensi", total=len(PLAN))
        report = load_package(core.db, package, actor=cli_actor(), progress=lambda _name: bar.advance(task))
    core.reference.refresh()
    if fmt is Format.JSON:
        emit_json(report.as_dict())
        return
    print_table(
        f"{report.package} {report.version}" + ("" if report.changed else " (tidak ada perubahan)"),
        ["tabel", "baru", "diubah", "tetap"],
        [(n, s.inserted, s.updated, s.unchanged) for n, s in report.tables.items()],
    )


@app.command()
def show(
    what: str = typer.Argument("summary", help=f"One of: {', '.join(SHOWABLE)}"),
    filter_: str | None = typer.Option(None, "--filter", help="Election id, region code prefix or level"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Show loaded reference data; each fact carries its source status (verified/sourced/conflict/...)."""
    title, columns, rows = show_rows(get_app(), what, filter_)
    if fmt is Format.JSON:
        emit_json([dict(zip(columns, row, strict=True)) for row in rows])
        return
    print_table(title, columns, rows)
