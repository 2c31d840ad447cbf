"""`awas watch`: the election-infrastructure watch (endpoints, checks, leaks, look-alikes, incidents)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, print_table, progress
from awas.errors import InputError, InputProblem
from awas.watch.describe import (
    STATUS_LABELS,
    cycle_dict,
    endpoint_dict,
    incident_dict,
    scan_dict,
    status_dict,
)
from awas.watch.endpoints import EndpointInput
from awas.watch.service import WatchService

app = typer.Typer(
    help="Pemantauan infrastruktur pemilihan: situs, Sirekap, kebocoran data, domain tiruan.",
    no_args_is_help=True,
)


@app.command()
def add(
    url: str | None = typer.Argument(None, help="URL to watch (or --file)"),
    file: Path | None = typer.Option(None, "--file", help="CSV with the columns of the bundled watch list"),
    kind: str = typer.Option("site", help="site or sirekap_json"),
    name: str = typer.Option("", help="Name shown on the board"),
    owner_kind: str = typer.Option("lainnya", help="kpu, bawaslu, sirekap, paslon, pemda, lainnya"),
    owner_org: str = typer.Option("", help="Organisation id of the owner (e.g. kpu-15)"),
    region: str = typer.Option("", help="Region code (e.g. 15.71)"),
    paslon: str = typer.Option("", help="Paslon id for a candidate's site"),
    election: str = typer.Option("", help="Election id"),
    source: str = typer.Option("", help="Where the URL comes from"),
    status: str = typer.Option("unverified", help="verified, sourced, conflict or unverified"),
) -> None:
    """Add (or update) an endpoint, or every endpoint of a CSV file."""
    svc = WatchService(get_app())
    if file is not None:
        added = svc.import_csv(file, actor=cli_actor())
        err.print(f"{len(added)} titik pantau dari {file} disimpan")
        return
    if not url:
        raise InputError(InputProblem("argumen", "sebutkan URL atau --file", field="url"))
    item = EndpointInput(url, kind, name, owner_kind, owner_org, region, paslon, election, source, status)
    endpoint = svc.add(item, actor=cli_actor())
    err.print(f"titik pantau #{endpoint.id} {endpoint.url} disimpan ({endpoint.status})")


@app.command()
def seed() -> None:
    """Load the bundled Jambi watch list (every URL unverified until someone checks it)."""
    added = WatchService(get_app()).seed(actor=cli_actor())
    err.print(f"{len(added)} titik pantau dari daftar bawaan (status: belum diverifikasi)")


@app.command("list")
def list_(fmt: Format = typer.Option(Format.TEXT, "--format")) -> None:
    """List the watched endpoints with their provenance status."""
    found = WatchService(get_app()).endpoints()
    if fmt is Format.JSON:
        emit_json([endpoint_dict(e) for e in found])
        return
    rows = [(e.id, e.name, e.url, e.kind.value, e.owner_kind.value, e.status, e.active) for e in found]
    print_table("Titik pantau", ["#", "nama", "url", "jenis", "pemilik", "status", "aktif"], rows)


@app.command()
def remove(url: str, enable: bool = typer.Option(False, "--enable", help="Re-enable instead")) -> None:
    """Stop watching an endpoint (its history stays)."""
    if not WatchService(get_app()).set_active(url, enable, actor=cli_actor()):
        raise InputError(InputProblem("argumen", f"titik pantau {url!r} tidak ada", field="url"))
    err.print(f"{url} {'diaktifkan' if enable else 'dinonaktifkan'}")


@app.command()
def run(
    follow: bool = typer.Option(False, "--follow", help="Keep watching (one cycle every --interval)"),
    interval: float | None = typer.Option(None, help="Seconds between cycles (AWAS_WATCH_INTERVAL_S)"),
    cycles: int = typer.Option(0, help="With --follow: stop after N cycles (0 = never)"),
    only: str = typer.Option("all", help="all, endpoints or posts"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Check every endpoint once and scan new posts for leaks and look-alike domains."""
    if only not in ("all", "endpoints", "posts"):
        raise InputError(InputProblem("argumen", "--only harus all, endpoints atau posts", field="only"))
    svc = WatchService(get_app())
    done = 0
    while True:
        result = _one_round(svc, only)
        done += 1
        _print_round(result, fmt)
        if not follow or (cycles and done >= cycles):
            return
        time.sleep(interval if interval is not None else svc.settings.interval_s)


def _one_round(svc: WatchService, only: str) -> dict[str, object]:
    result: dict[str, object] = {}
    if only in ("all", "endpoints"):
        with progress() as bar:
            task = bar.add_task("memeriksa titik pantau", total=None)
            report = svc.run_cycle(
                actor=cli_actor(), progress=lambda n, total: bar.update(task, completed=n, total=total)
            )
        result["cycle"] = cycle_dict(report)
    if only in ("all", "posts"):
        result["posts"] = scan_dict(svc.scan_posts())
    return result


def _print_round(result: dict[str, object], fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json(result)
        return
    cycle = result.get("cycle")
    if isinstance(cycle, dict):
        if cycle["busy"]:
            err.print("siklus lain sedang berjalan; dilewati")
        else:
            err.print(
                f"{cycle['endpoints']} titik pantau dalam {cycle['seconds']:.1f} detik: {cycle['ok']} baik, "
                f"{cycle['failed']} gagal {cycle['codes']}; insiden baru {cycle['incidents_opened']}, "
                f"pulih {cycle['incidents_resolved']}"
            )
    posts = result.get("posts")
    if isinstance(posts, dict):
        err.print(
            f"{posts['posts']} pos dipindai: {posts['leak_posts']} memuat data pribadi "
            f"({posts['masked_posts']} disamarkan), {posts['lookalikes']} domain tiruan baru; "
            f"insiden baru {posts['incidents_opened']}"
        )


@app.command()
def status(fmt: Format = typer.Option(Format.TEXT, "--format")) -> None:
    """The status board: state, availability, latency, certificate and incidents of every endpoint."""
    rows = WatchService(get_app()).board()
    if fmt is Format.JSON:
        emit_json([status_dict(r) for r in rows])
        return
    print_table(
        "Papan status pemantauan",
        ["#", "nama", "status", "tersedia 24j", "latensi", "sertifikat", "header", "insiden terbuka"],
        [
            (
                r.endpoint.id,
                r.endpoint.name + ("" if r.endpoint.status == "verified" else " (belum diverifikasi)"),
                STATUS_LABELS.get(r.status, r.status),
                f"{r.availability_24h:.0%}" if r.availability_24h is not None else "-",
                f"{r.mean_latency_ms} ms" if r.mean_latency_ms is not None else "-",
                f"{r.cert_expires_in_days} hari" if r.cert_expires_in_days is not None else "-",
                f"{r.headers_score}/100" if r.headers_score is not None else "-",
                r.open_incidents,
            )
            for r in rows
        ],
    )


@app.command()
def incidents(
    incident_id: int | None = typer.Argument(None, help="Show one incident"),
    state: str | None = typer.Option(None, "--status", help="open or resolved"),
    category: str | None = typer.Option(None, help="defacement, service_outage, data_leak, phishing"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Incidents, newest first (every personal number masked)."""
    svc = WatchService(get_app())
    if incident_id is not None:
        found = [svc.incident(incident_id)]
    else:
        found = svc.incidents(status=state, category=category)
    if fmt is Format.JSON:
        emit_json([incident_dict(i) for i in found])
        return
    rows = [
        (i.id, i.opened_at, i.category, i.severity.label, i.status, i.case_number or "-", i.summary[:120])
        for i in found
    ]
    print_table("Insiden", ["#", "dibuka", "kategori", "tingkat", "status", "perkara", "ringkasan"], rows)
