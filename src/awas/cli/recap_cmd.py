"""`awas recap`: import, audit, diff, reconcile and history of vote recapitulation (issue 3).

Only parses options, calls `awas.recap` services and prints: JSON to stdout, messages to stderr.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import typer

from awas.app import App
from awas.cli.context import cli_actor, get_app
from awas.cli.engine_options import ADDRESS, ENGINE, engine_choice
from awas.cli.escalate_views import AS_USER, principal, print_escalation
from awas.cli.output import Format, emit_json, err, print_table, progress
from awas.escalate import open_case_from_recap_finding
from awas.recap import compare, queries, service
from awas.recap.outputs import AuditFormat, audit_text, default_report_path, write_html

app = typer.Typer(
    no_args_is_help=True, help="Audit rekapitulasi suara: Sirekap, D.Hasil, TPS sampai provinsi."
)

RACE = typer.Option(None, "--race", help="ppwp, pkwkp atau pkwkk (jika tidak dapat ditebak dari data)")
PASLON = typer.Option(
    [], "--paslon", help="berkas paslon Sirekap (ppwp.json/pkwkp.json) untuk id yang tidak ada di referensi"
)
FMT = typer.Option(Format.TEXT, "--format", help="text atau json")


@app.command("import")
def import_cmd(
    inputs: list[Path] = typer.Argument(
        ..., help="CSV/Parquet TPS, JSON Sirekap, folder Sirekap, atau CSV D.Hasil/DB/DC"
    ),
    race: str | None = RACE,
    paslon: list[Path] = PASLON,
    label: str = typer.Option("", "--label", help="catatan untuk snapshot"),
    fmt: Format = FMT,
) -> None:
    """Simpan snapshot (alamat isi SHA-256); impor ulang snapshot yang sama tidak menyimpan apa pun."""
    core = get_app()
    with progress() as bar:
        task = bar.add_task("impor", total=1)
        report = service.import_inputs(
            core, inputs, actor=cli_actor(), race=race, masters=tuple(paslon), label=label
        )
        bar.advance(task)
    if fmt is Format.JSON:
        emit_json(
            {
                "snapshots": [dataclasses.asdict(s) for s in report.snapshots],
                "ignored_files": report.ignored_files,
            }
        )
        return
    rows = [
        (s.short_id, s.kind.value, s.race, s.units, "baru" if s.new else "sudah ada", s.source)
        for s in report.snapshots
    ]
    print_table("Snapshot", ["id", "jenis", "pemilihan", "satuan", "status", "sumber"], rows)


@app.command("audit")
def audit_cmd(
    inputs: list[Path] = typer.Argument(None, help="CSV/Parquet TPS, JSON Sirekap atau folder Sirekap"),
    snapshot: list[str] = typer.Option(
        [], "--snapshot", help="audit ulang snapshot tersimpan (id atau awalannya)"
    ),
    fmt: AuditFormat = typer.Option(AuditFormat.JSON, "--format", help="json, csv atau html"),
    out: Path | None = typer.Option(
        None, "--out", help="tulis ke berkas ini (bawaan: stdout; html: folder data)"
    ),
    race: str | None = RACE,
    paslon: list[Path] = PASLON,
    no_store: bool = typer.Option(False, "--no-store", help="jangan simpan snapshot dan temuan"),
    engine: str = ENGINE,
    address: str | None = ADDRESS,
) -> None:
    """Jalankan aturan C01–C14, X01–X02, H01 dan F01–F06; keluaran JSON (specs §6), CSV atau HTML."""
    from awas.scale.engine import open_engine
    from awas.scale.recap_run import auditor_for

    choice = engine_choice(engine, address)
    core = get_app()
    with open_engine(choice) as runner, progress() as bar:
        task = bar.add_task("audit", total=1)
        run = service.audit_inputs(
            core,
            list(inputs or []),
            actor=cli_actor(),
            snapshot_ids=tuple(snapshot),
            race=race,
            masters=tuple(paslon),
            persist=not no_store,
            auditor=auditor_for(runner, core.settings.resolved_data_dir),
        )
        bar.advance(task)
    _write_audit(core, run, fmt, out)
    summary = ", ".join(f"{rule} {n}" for rule, n in run.outcome.summary.items()) or "tidak ada temuan"
    err.print(f"{run.outcome.units} satuan diaudit: {summary}", highlight=False)


def _write_audit(core: App, run: service.AuditRun, fmt: AuditFormat, out: Path | None) -> None:
    if fmt is AuditFormat.HTML:
        target = out or default_report_path(core)
        written = write_html(core, run, target)
        err.print(f"laporan: {target} ({len(written) - 1} gambar)", highlight=False)
        return
    text = audit_text(run, fmt)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        out.write_text(text, encoding="utf-8")
        err.print(f"ditulis: {out}", highlight=False)


@app.command("diff")
def diff_cmd(
    old: str = typer.Argument(..., help="snapshot lama: id/awalan id, berkas atau folder"),
    new: str = typer.Argument(..., help="snapshot baru: id/awalan id, berkas atau folder"),
    race: str | None = RACE,
    fmt: Format = FMT,
    no_store: bool = typer.Option(False, "--no-store", help="jangan simpan berkas yang dibandingkan"),
) -> None:
    """D01: setiap satuan dan kolom yang berubah, satuan baru/hilang, dan pergeseran suara."""
    result, _, _ = compare.diff(get_app(), old, new, actor=cli_actor(), race=race, persist=not no_store)
    if fmt is Format.JSON:
        emit_json(result.as_json())
        return
    print_table("Perubahan", ["satuan", "kolom", "lama", "baru"], result.changed.head(200).iter_rows())
    s = result.summary
    err.print(
        f"{s['units_changed']} satuan berubah ({s['fields_changed']} nilai), "
        f"{s['added']} baru, {s['removed']} hilang"
    )


@app.command("reconcile")
def reconcile_cmd(
    race: str = typer.Option(..., "--race", help="ppwp, pkwkp atau pkwkk"),
    unit: str | None = typer.Option(None, "--unit", help="hanya wilayah ini"),
    fmt: Format = FMT,
) -> None:
    """X02: tabel rekapitulasi (D.Hasil/DB/DC) terbaru dibandingkan Sirekap dan jumlah TPS."""
    rows = compare.reconcile(get_app(), race, unit)
    if fmt is Format.JSON:
        emit_json({"rows": [dataclasses.asdict(r) for r in rows]})
        return
    print_table(
        "Rekonsiliasi",
        ["wilayah", "level", "paslon", "rekap", "Sirekap", "jumlah TPS", "status"],
        [dataclasses.astuple(r) for r in rows],
    )


@app.command("history")
def history_cmd(
    unit: str = typer.Argument(..., help="kode TPS/wilayah"), race: str | None = RACE, fmt: Format = FMT
) -> None:
    """Setiap nilai yang pernah dimiliki satuan ini di setiap snapshot."""
    found = queries.history(get_app(), unit, race)
    if fmt is Format.JSON:
        emit_json(
            {
                "unit": found.unit,
                "entries": [dataclasses.asdict(e) for e in found.entries],
                "changes": [
                    dict(zip(("field", "old", "new", "snapshot"), c, strict=True)) for c in found.changes()
                ],
            }
        )
        return
    rows = [
        (
            e.snapshot_id[:12],
            e.race,
            e.source,
            e.ts,
            " ".join(f"{k}={v}" for k, v in e.values.items() if k.startswith("paslon_")),
        )
        for e in found.entries
    ]
    print_table(f"Riwayat {found.unit}", ["snapshot", "pemilihan", "sumber", "ts", "suara"], rows)


@app.command("snapshots")
def snapshots_cmd(race: str | None = RACE, fmt: Format = FMT) -> None:
    """Daftar snapshot tersimpan."""
    found = queries.snapshots(get_app(), race)
    if fmt is Format.JSON:
        emit_json([dataclasses.asdict(s) for s in found])
        return
    print_table(
        "Snapshot",
        ["id", "jenis", "pemilihan", "satuan", "diimpor", "sumber"],
        [(s.short_id, s.kind.value, s.race, s.units, s.imported_at, s.source) for s in found],
    )


@app.command("findings")
def findings_cmd(
    unit: str | None = typer.Option(None, "--unit", help="wilayah (termasuk di bawahnya)"),
    rule: list[str] = typer.Option([], "--rule", help="id aturan, mis. C01"),
    include_resolved: bool = typer.Option(False, "--all", help="termasuk yang sudah selesai"),
    limit: int = typer.Option(200, "--limit"),
    fmt: Format = FMT,
) -> None:
    """Temuan tersimpan (dengan waktu pertama/terakhir terlihat)."""
    found = queries.findings(
        get_app(), unit=unit, rules=tuple(rule), open_only=not include_resolved, limit=limit
    )
    if fmt is Format.JSON:
        emit_json([dataclasses.asdict(f) for f in found])
        return
    print_table(
        "Temuan",
        ["id", "aturan", "satuan", "paslon", "keterangan", "terakhir"],
        [(f.id, f.rule, f.unit, f.paslon or "", f.message, f.last_seen_at) for f in found],
    )


@app.command("open-case")
def open_case(finding_id: int, user: str = AS_USER, fmt: Format = FMT) -> None:
    """Jadikan temuan audit (aturan C, X, D, H) sebuah temuan perkara; temuan skrining F ditolak."""
    print_escalation(open_case_from_recap_finding(get_app(), principal(user), finding_id), fmt)
