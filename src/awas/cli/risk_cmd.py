"""`awas risk`: the vulnerability index per kab/kota (show now, store snapshots, show the trend)."""

from __future__ import annotations

from datetime import datetime, timedelta

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, print_table, progress
from awas.errors import InputError, InputProblem
from awas.risk.formula import FORMULA_VERSION
from awas.risk.service import RiskMap, RiskService
from awas.timeutil import parse_aware

app = typer.Typer(help="Indeks kerawanan per kab/kota (vulnerability index).", no_args_is_help=True)


def _moment(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_aware(text)
    except ValueError as exc:
        raise InputError(InputProblem(option, str(exc), field=option)) from None


def _rows(risk: RiskMap) -> list[tuple[object, ...]]:
    return [
        (
            u.facts.code,
            u.facts.name,
            u.index,
            u.level.value,
            u.facts.baseline.score if u.facts.baseline else None,
            u.facts.baseline.category if u.facts.baseline else None,
            u.findings,
        )
        for u in sorted(risk.units, key=lambda u: -u.index)
    ]


COLUMNS = ["kode", "kab/kota", "indeks", "tingkat", "skor baseline", "kategori baseline", "temuan"]


@app.command()
def show(
    as_of: str | None = typer.Option(None, "--as-of", help="ISO 8601 time with offset (default: now)"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Compute and print the index (nothing is stored)."""
    risk = RiskService(get_app()).compute(_moment(as_of, "--as-of"))
    if fmt is Format.JSON:
        emit_json(
            {
                "as_of": risk.as_of,
                "window_start": risk.window_start,
                "formula_version": FORMULA_VERSION,
                "indicators": [s.key for s in risk.indicators],
                "units": [dict(zip(COLUMNS, r, strict=True)) for r in _rows(risk)],
            }
        )
    else:
        print_table(f"Indeks kerawanan per {risk.as_of:%Y-%m-%d %H:%M} UTC", COLUMNS, _rows(risk))


@app.command()
def snapshot(
    as_of: str | None = typer.Option(None, "--as-of", help="ISO 8601 time with offset (default: now)"),
    since: str | None = typer.Option(None, "--since", help="Backfill weekly snapshots from this time"),
    every_days: int = typer.Option(
        7, "--every-days", min=1, max=366, help="Days between backfilled snapshots"
    ),
) -> None:
    """Store the index (now, at --as-of, or every N days from --since up to --as-of/now)."""
    service = RiskService(get_app())
    end = _moment(as_of, "--as-of")
    start = _moment(since, "--since")
    if start is None:
        risk = service.take_snapshot(end, actor=cli_actor())
        err.print(f"potret indeks {risk.as_of.isoformat()} disimpan ({len(risk.units)} kab/kota)")
        return
    stop = end or datetime.now(start.tzinfo)
    moments = int((stop - start) / timedelta(days=every_days)) + 1
    with progress() as bar:
        task = bar.add_task("potret indeks", total=moments)
        for i in range(moments):
            service.take_snapshot(start + i * timedelta(days=every_days), actor=cli_actor())
            bar.advance(task)
    err.print(f"{moments} potret indeks disimpan")


@app.command()
def trend(
    region: str | None = typer.Option(None, help="kab/kota code, e.g. 15.71"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Print stored snapshots, oldest first."""
    points = RiskService(get_app()).trend(region)
    rows = [(p.as_of, p.region_code, p.index, p.level.value) for p in points]
    columns = ["per", "kode", "indeks", "tingkat"]
    if fmt is Format.JSON:
        emit_json([dict(zip(columns, r, strict=True)) for r in rows])
    else:
        print_table("Tren indeks kerawanan", columns, rows)
