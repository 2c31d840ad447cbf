"""`awas evidence`: capture, list, custody log, attach, share, copy, verify, export, verify-package,
daily report, liveness. Parses, calls EvidenceService, prints (JSON to stdout with --format json)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, print_table
from awas.errors import InputError, InputProblem, IntegrityError
from awas.evidence.records import Capture, Subject
from awas.evidence.service import EvidenceService
from awas.timeutil import to_wib, utcnow, wib_date

app = typer.Typer(
    help="Brankas bukti digital dan catatan lacak (evidence vault, chain of custody).", no_args_is_help=True
)
report_app = typer.Typer(help="Laporan harian buku besar.", no_args_is_help=True)
liveness_app = typer.Typer(help="Pemeriksaan ulang URL (takedown).", no_args_is_help=True)
app.add_typer(report_app, name="report")
app.add_typer(liveness_app, name="liveness")

FORMAT = typer.Option(Format.TEXT, "--format", help="text atau json")
REASON = typer.Option("", "--reason", help="Alasan (dicatat di buku besar)")


def _service() -> EvidenceService:
    return EvidenceService(get_app())


def _subject(text: str | None) -> Subject | None:
    return Subject.parse(text, "--subject") if text else None


def _capture_json(c: Capture) -> dict[str, Any]:
    return {
        "id": c.id,
        "status": c.status,
        "source_kind": c.source_kind,
        "url": c.url,
        "post_pk": c.post_pk,
        "http_status": c.http_status,
        "final_url": c.final_url,
        "peer_ip": c.peer_ip,
        "failure_code": c.failure_code,
        "failure_reason": c.failure_reason,
        "captured_by": c.actor,
        "started_at": c.started_at,
        "finished_at": c.finished_at,
        "artefacts": [
            {"id": a.id, "name": a.name, "kind": a.kind, "digest": a.digest, "size": a.size}
            for a in c.artefacts
        ],
    }


def _print_capture(c: Capture, fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json(_capture_json(c))
    elif c.stored:
        rows = [(a.id, a.name, a.kind, a.size, a.digest) for a in c.artefacts]
        print_table(
            f"Pengambilan {c.id}: {c.url or c.post_pk} (HTTP {c.http_status or '-'})",
            ["artefak", "berkas", "jenis", "ukuran", "sha256"],
            rows,
        )
    if not c.stored:
        err.print(
            f"[bold red]pengambilan {c.id} gagal[/] ({c.failure_code}): {escape(c.failure_reason or '')}",
            highlight=False,
        )
        raise typer.Exit(2)


@app.command()
def capture(
    url: str = typer.Argument(None, help="URL yang diambil"),
    post: str = typer.Option(None, "--post", help="Pos tersimpan: PLATFORM:POST_ID"),
    subject: str = typer.Option(None, "--subject", help="Lampirkan ke JENIS:ID, mis. case:2024-001"),
    browser: bool = typer.Option(False, "--browser", help="Tangkapan layar dan PDF dengan Chromium"),
    reason: str = REASON,
    fmt: Format = FORMAT,
) -> None:
    """Capture a URL (WARC, WACZ, text, TLS chain) or a stored post into the vault."""
    if bool(url) == bool(post):
        raise InputError(InputProblem("argumen", "berikan tepat satu: URL atau --post PLATFORM:POST_ID"))
    svc = _service()
    if post:
        platform, sep, post_id = post.partition(":")
        if not sep or not post_id:
            raise InputError(InputProblem("--post", "harus berbentuk PLATFORM:POST_ID", field="post"))
        result = svc.capture_post(
            actor=cli_actor(), key=(platform, post_id), reason=reason, subject=_subject(subject)
        )
    else:
        result = svc.capture_url(
            url, actor=cli_actor(), reason=reason, subject=_subject(subject), browser=browser
        )
    _print_capture(result, fmt)


@app.command("list")
def list_(subject: str = typer.Option(..., "--subject", help="JENIS:ID"), fmt: Format = FORMAT) -> None:
    """List the artefacts linked to a subject."""
    found = _service().artefacts_of(Subject.parse(subject, "--subject"))
    rows = [(a.id, a.capture_id, a.name, a.kind, a.size, a.digest, a.created_at) for a in found]
    cols = ["artefak", "pengambilan", "berkas", "jenis", "ukuran", "sha256", "disimpan"]
    emit_json([dict(zip(cols, r, strict=True)) for r in rows]) if fmt is Format.JSON else print_table(
        f"Bukti {subject}", cols, rows
    )


@app.command()
def log(artefact_id: int, fmt: Format = FORMAT) -> None:
    """Custody log (chain of custody) of one artefact."""
    entries = _service().custody_log(artefact_id)
    if fmt is Format.JSON:
        emit_json([e.as_json() for e in entries])
        return
    rows = [(f"#{e.seq}", to_wib(e.at), e.actor, e.action, e.reason, e.entry_hash[:16]) for e in entries]
    print_table(
        f"Catatan lacak artefak {artefact_id}",
        ["entri", "waktu (WIB)", "pelaku", "tindakan", "alasan", "hash"],
        rows,
    )


@app.command()
def attach(
    artefact_ids: list[int], to: str = typer.Option(..., "--to", help="JENIS:ID"), reason: str = REASON
) -> None:
    """Attach artefacts to a case, finding, post, cluster or incident."""
    added = _service().attach_many(artefact_ids, Subject.parse(to, "--to"), actor=cli_actor(), reason=reason)
    err.print(f"{added} artefak dilampirkan ke {to}")


@app.command()
def share(
    artefact_ids: list[int],
    org: str = typer.Option(..., "--org", help="Organisasi mitra"),
    reason: str = REASON,
) -> None:
    """Record that artefacts were handed to a partner agency."""
    _service().share(artefact_ids, org, actor=cli_actor(), reason=reason)
    err.print(f"{len(artefact_ids)} artefak dicatat diserahkan kepada {org}")


@app.command()
def copy(artefact_id: int, out: Path = typer.Option(..., "--out"), reason: str = REASON) -> None:
    """Write a working copy of an artefact (the evidence copy stays untouched in the vault)."""
    path = _service().copy_out(artefact_id, out, actor=cli_actor(), reason=reason)
    err.print(f"salinan kerja ditulis ke {path}")


@app.command()
def verify(
    artefact_ids: list[int] = typer.Argument(None, help="Artefak yang diperiksa"),
    all_: bool = typer.Option(False, "--all", help="Semua artefak"),
    fmt: Format = FORMAT,
) -> None:
    """Recompute every hash and the ledger chain; exit 3 naming each damaged item or broken link."""
    if bool(artefact_ids) == all_:
        raise InputError(InputProblem("argumen", "berikan --all atau satu atau lebih ID artefak"))
    report = _service().verify(None if all_ else artefact_ids)
    summary = {
        "ok": report.ok,
        "artefacts": report.artefacts_checked,
        "entries": report.entries_checked,
        "days": report.days_checked,
        "problems": report.problems,
        "notes": report.notes,
    }
    if fmt is Format.JSON:
        emit_json(summary)
    for note in report.notes:
        err.print(f"catatan: {note}", highlight=False)
    if not report.ok:
        raise IntegrityError(report.problems, f"verifikasi gagal: {len(report.problems)} masalah")
    err.print(
        f"utuh: {report.artefacts_checked} artefak, {report.entries_checked} entri buku besar, "
        f"{report.days_checked} akar harian"
    )


@app.command()
def export(
    case_id: str,
    out: Path = typer.Option(..., "--out", help="FILE.zip"),
    reason: str = REASON,
    fmt: Format = FORMAT,
) -> None:
    """Export a case's evidence package (ZIP with manifest, custody log, berita acara, SHA256SUMS)."""
    result = _service().export(case_id, out, actor=cli_actor(), reason=reason)
    payload = {
        "path": str(result.path),
        "digest": result.digest,
        "size": result.size,
        "artefacts": result.artefact_count,
        "captures": result.capture_count,
    }
    if fmt is Format.JSON:
        emit_json(payload)
    err.print(
        f"paket {result.path}: {result.artefact_count} berkas dari {result.capture_count} pengambilan, "
        f"{result.digest}"
    )


@app.command("verify-package")
def verify_package(
    package: Path,
    tsa_ca: Path = typer.Option(None, "--tsa-ca", help="Sertifikat akar TSA (PEM)"),
    fmt: Format = FORMAT,
) -> None:
    """Check an evidence package without the database; exit 3 naming each problem."""
    from awas.evidence.package_verify import verify_package as check
    from awas.evidence.tsa import load_roots

    if not package.is_file():
        raise InputError(InputProblem(str(package), "berkas tidak ada"))
    report = check(package, load_roots(tsa_ca) if tsa_ca else None)
    if fmt is Format.JSON:
        emit_json(
            {
                "ok": report.ok,
                "files": report.files_checked,
                "artefacts": report.artefacts,
                "entries": report.entries,
                "proofs": report.proofs_checked,
                "tokens": report.tokens_checked,
                "problems": report.problems,
                "notes": report.notes,
            }
        )
    for note in report.notes:
        err.print(f"catatan: {note}", highlight=False)
    if not report.ok:
        raise IntegrityError(report.problems, f"paket {package} tidak utuh: {len(report.problems)} masalah")
    err.print(
        f"paket utuh: {report.files_checked} berkas, {report.entries} entri catatan lacak, "
        f"{report.proofs_checked} bukti Merkle"
    )


@report_app.command("daily")
def report_daily(
    day: str = typer.Option(None, "--date", help="YYYY-MM-DD (WIB); bawaan: kemarin"),
    timestamp: bool = typer.Option(False, "--timestamp", help="Minta cap waktu RFC 3161 untuk akar hari itu"),
    fmt: Format = FORMAT,
) -> None:
    """Seal finished days and show a day's entries and Merkle root (to publish or send to partners)."""
    try:
        wanted = date.fromisoformat(day) if day else date.fromordinal(wib_date(utcnow()).toordinal() - 1)
    except ValueError:
        raise InputError(InputProblem("--date", f"tanggal tidak sah: {day!r}", field="date")) from None
    svc = _service()
    svc.seal_days()
    if timestamp:
        svc.stamp_day(wanted)
    r = svc.daily_report(wanted)
    payload = {
        "day": r.day,
        "entries": r.entry_count,
        "actions": r.actions,
        "captures_stored": r.captures_stored,
        "captures_failed": r.captures_failed,
        "root": r.root,
        "sealed": r.sealed,
        "tsa_time": r.tsa_time,
        "tsa_url": r.tsa_url,
        "notes": r.notes,
    }
    if fmt is Format.JSON:
        emit_json(payload)
        return
    print_table(
        f"Laporan harian buku besar {r.day.isoformat()}",
        ["butir", "nilai"],
        [
            (k, v if not isinstance(v, dict) else ", ".join(f"{a}={n}" for a, n in v.items()))
            for k, v in payload.items()
        ],
    )


@liveness_app.command("run")
def liveness_run(
    limit: int = typer.Option(100, help="Paling banyak URL per putaran"), fmt: Format = FORMAT
) -> None:
    """Re-check the URLs whose time has come (run from cron or a timer)."""
    checks = _service().check_liveness(limit)
    rows = [(c.url, c.status, c.http_status, "ya" if c.status_changed else "", c.detail) for c in checks]
    cols = ["url", "status", "http", "berubah", "keterangan"]
    emit_json([dict(zip(cols, r, strict=True)) for r in rows]) if fmt is Format.JSON else print_table(
        "Pemeriksaan ulang URL", cols, rows
    )
