"""`awas sources`: the news feeds, watched pages and live collectors that `awas ingest run` fetches."""

from __future__ import annotations

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, print_table
from awas.ingest.plugins import FEEDERS
from awas.ingest.records import Source
from awas.ingest.sources import SourceService

app = typer.Typer(
    help="Sumber umpan: berita RSS/Atom, halaman yang dipantau, pencarian platform.", no_args_is_help=True
)


@app.command()
def add(
    name: str = typer.Argument(..., help="Short unique name, e.g. antara-jambi"),
    url: str = typer.Option(..., help="Feed URL, page URL, or API base URL"),
    kind: str = typer.Option("rss", help=f"Feeder: {', '.join(FEEDERS.names())}"),
    query: str | None = typer.Option(None, help="Search query (youtube-search, x-search)"),
    interval: int | None = typer.Option(None, help="Seconds between fetches with --follow"),
    key_env: str | None = typer.Option(
        None, help="Environment variable holding the API key (live collectors)"
    ),
    status: str = typer.Option("unverified", help="verified, sourced or unverified"),
    note: str = typer.Option("", help="Free note (who checked the URL, when)"),
    disabled: bool = typer.Option(False, "--disabled", help="Add but do not run"),
) -> None:
    """Add a source."""
    config: dict[str, object] = {}
    if query:
        config["query"] = query
    if interval:
        config["interval_s"] = interval
    if key_env:
        config["key_env"] = key_env
    SourceService(get_app()).add(
        Source(name, kind, url, config, not disabled, status, note), actor=cli_actor()
    )
    err.print(f"sumber {name} ({kind}) ditambahkan")


@app.command("list")
def list_(fmt: Format = typer.Option(Format.TEXT, "--format")) -> None:
    """List sources with their verification status."""
    found = SourceService(get_app()).all()
    columns = ["nama", "jenis", "url", "aktif", "status", "catatan"]
    rows = [(s.name, s.kind, s.url, s.enabled, s.status, s.note) for s in found]
    if fmt is Format.JSON:
        emit_json(
            [
                dict(zip(columns, r, strict=True)) | {"config": s.config}
                for r, s in zip(rows, found, strict=True)
            ]
        )
    else:
        print_table("Sumber", columns, rows)


@app.command()
def remove(name: str) -> None:
    """Remove a source (its posts stay)."""
    SourceService(get_app()).remove(name, actor=cli_actor())
    err.print(f"sumber {name} dihapus")


@app.command()
def seed() -> None:
    """Add the bundled list of Jambi and national news feeds (all marked unverified until checked)."""
    added = SourceService(get_app()).seed(actor=cli_actor())
    err.print(f"{len(added)} sumber ditambahkan dari daftar bawaan")
