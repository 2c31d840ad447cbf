"""`awas ingest`: import exports, run feeders, inspect the quarantine."""

from __future__ import annotations

import signal
import threading
from enum import StrEnum
from pathlib import Path

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.engine_options import ADDRESS, ENGINE, engine_choice
from awas.cli.output import Format, emit_json, err, print_table, progress
from awas.ingest.feedrun import FeedRunner
from awas.ingest.plugins import IMPORTERS
from awas.ingest.quarantine import QuarantineView
from awas.ingest.records import RunSummary
from awas.scale.engine import open_engine
from awas.scale.ingest_run import import_file

app = typer.Typer(
    help="Pengumpulan konten: impor ekspor platform, umpan berita, halaman web.", no_args_is_help=True
)


class DateOrder(StrEnum):
    DMY = "dmy"
    MDY = "mdy"


def _print_summary(summary: RunSummary) -> None:
    err.print(
        f"{summary.source}: {summary.accepted} baru, {summary.existing} sudah ada, "
        f"{summary.rejected} ditolak (dikarantina), total {summary.total}"
        + (f"; dilanjutkan dari baris {summary.resumed_from_line}" if summary.resumed_from_line else ""),
        highlight=False,
    )
    for problem in summary.problems[:20]:
        where = f"{problem.source}:{problem.line}" if problem.line else problem.source
        err.print(
            f"  {where}{' [' + problem.field + ']' if problem.field else ''}: {problem.reason}", markup=False
        )
    if len(summary.problems) > 20:
        err.print(f"  ... dan {len(summary.problems) - 20} lagi (lihat `awas ingest quarantine`)")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="File to import (JSONL, JSON, CSV, TXT or ZIP)"),
    fmt: str = typer.Option(..., "--format", "-f", help=f"Input format: {', '.join(IMPORTERS.names())}"),
    mapping: Path | None = typer.Option(None, help="Column-mapping YAML (listening-csv)"),
    timezone: str = typer.Option("Asia/Jakarta", help="Zone of local times (WhatsApp, old Telegram exports)"),
    chat: str | None = typer.Option(None, help="Chat name (WhatsApp; default from the file name)"),
    date_order: DateOrder | None = typer.Option(None, help="Day/month order (WhatsApp; default detected)"),
    platform: str | None = typer.Option(None, help="Force the platform (crowdtangle: facebook|instagram)"),
    workers: int = typer.Option(2, help="Processes for parsing and intake steps (big JSONL files)"),
    output: Format = typer.Option(Format.TEXT, "--output", help="text or json summary"),
    engine: str = ENGINE,
    address: str | None = ADDRESS,
) -> None:
    """Import one export file; rejected records are quarantined and counted, the import goes on."""
    options: dict[str, object] = {
        "whatsapp": {"timezone": timezone, "chat": chat, "date_order": date_order},
        "telegram": {"timezone": timezone},
        "crowdtangle": {"platform": platform},
        "listening-csv": {"mapping": mapping},
    }.get(fmt, {})  # type: ignore[assignment]
    choice = engine_choice(engine, address)
    with open_engine(choice) as runner, progress() as bar:
        task = bar.add_task(f"mengimpor {file.name}", total=None)
        summary = import_file(
            get_app(),
            file,
            fmt,
            actor=cli_actor(),
            engine=runner,
            workers=workers,
            progress=lambda line: bar.update(task, completed=line),
            **options,
        )
    if output is Format.JSON:
        emit_json(summary.as_dict())
    _print_summary(summary)


@app.command()
def run(
    source: str | None = typer.Option(None, "--source", "-s", help="Only this source"),
    follow: bool = typer.Option(
        False, "--follow", help="Keep running sources when they are due (Ctrl-C stops)"
    ),
    rounds: int | None = typer.Option(None, hidden=True, help="With --follow: stop after this many passes"),
    tick: float = typer.Option(5.0, hidden=True, help="With --follow: seconds between passes"),
    output: Format = typer.Option(Format.TEXT, "--output", help="text or json summaries"),
) -> None:
    """Run the configured feeders (news feeds, watched pages, live collectors) once or continuously."""
    runner = FeedRunner(get_app())
    results: list[RunSummary] = []

    def report(summary: RunSummary) -> None:
        results.append(summary)
        _print_summary(summary)

    if not follow:
        for summary in runner.run_once(source):
            report(summary)
    else:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            runner.follow(source, report, stop, rounds=rounds, tick_s=tick)
        except KeyboardInterrupt:
            err.print("dihentikan")
    if output is Format.JSON:
        emit_json([s.as_dict() for s in results])


@app.command()
def quarantine(
    run_id: int | None = typer.Option(None, "--run", help="Only this run"),
    limit: int = typer.Option(100, help="At most this many records"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """List quarantined records: where they were (file, line) and why they were rejected."""
    rows = QuarantineView(get_app()).recent(run_id, limit)
    columns = ["run", "sumber", "baris", "kolom", "alasan"]
    data = [(r["run_id"], r["source"], r["line"], r["field"], r["reason"]) for r in rows]
    if fmt is Format.JSON:
        emit_json(
            [
                dict(zip(columns, d, strict=True)) | {"excerpt": r["excerpt"]}
                for d, r in zip(data, rows, strict=True)
            ]
        )
    else:
        print_table("Karantina", columns, data)


@app.command()
def formats() -> None:
    """List the import formats."""
    print_table(
        "Format impor",
        ["format", "keterangan"],
        [(n, IMPORTERS.get(n).description) for n in IMPORTERS.names()],
    )
