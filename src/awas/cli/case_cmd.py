"""`awas case`: temuan and laporan through the legal workflow, as a named user (--as / AWAS_USER).

Every command only parses, calls awas.cases and prints: JSON on stdout with --format json,
tables for people, messages on stderr.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import typer

from awas.cases import api
from awas.cases.files import read_json_object
from awas.cases.intake_models import LaporanInput, LaporanSupplement, TemuanInput, parse_model
from awas.cases.notify.channels import add_channel, list_channels
from awas.cases.notify.delivery import deliver_pending, enqueue_deadline_reminders
from awas.cases.records import IntakeResult
from awas.cli.case_views import as_json, print_detail, print_summaries, print_table
from awas.cli.context import get_app
from awas.cli.escalate_views import AS_USER, print_escalation
from awas.cli.escalate_views import principal as _principal
from awas.cli.output import Format, emit_json, err, progress
from awas.domain.cases import Actor
from awas.domain.legal import Track
from awas.domain.orgs import Tlp
from awas.errors import InputError, InputProblem
from awas.escalate import open_case_from_finding
from awas.timeutil import parse_aware

app = typer.Typer(
    help="Perkara: temuan dan laporan, alur hukum, tenggat, penerusan (cases).", no_args_is_help=True
)

FORMAT = typer.Option(Format.TEXT, "--format")


def _print_intake(result: IntakeResult, fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json(as_json(result))
        return
    merged = " (digabung ke perkara yang sama)" if result.merged else ""
    err.print(f"perkara {result.number} ({result.status}){merged}")
    unmet = [r for r in result.requirements if not r.met]
    if unmet:
        print_table("Syarat belum terpenuhi", ["syarat", "keterangan"], [(r.name, r.reason) for r in unmet])


@app.command("open")
def open_(
    source: Path | None = typer.Option(None, "--in", help="laporan/temuan JSON (field kind: laporan|temuan)"),
    finding: int | None = typer.Option(None, "--from-finding", help="Buka temuan dari id finding"),
    actor: Actor | None = typer.Option(None, "--actor", help="Pelaku (untuk --from-finding)"),
    election: str | None = typer.Option(None, "--election", help="Id pemilihan (untuk --from-finding)"),
    evidence: bool = typer.Option(
        True, "--evidence/--no-evidence", help="Ambil unggahan temuan sebagai bukti (untuk --from-finding)"
    ),
    user: str = AS_USER,
    fmt: Format = FORMAT,
) -> None:
    """Open a case from a report or finding file, or from a detector finding (post captured as evidence)."""
    core, principal = get_app(), _principal(user)
    if (source is None) == (finding is None):
        raise InputError(InputProblem("case open", "berikan tepat satu dari --in atau --from-finding"))
    if finding is not None:
        escalation = open_case_from_finding(
            core, principal, finding, actor=actor, election_id=election, capture=evidence
        )
        print_escalation(escalation, fmt)
        return
    assert source is not None
    document = read_json_object(source)
    kind = document.pop("kind", None)
    if kind == "laporan":
        result = api.open_laporan(core, principal, parse_model(LaporanInput, document, str(source)))
    elif kind == "temuan":
        result = api.open_temuan(core, principal, parse_model(TemuanInput, document, str(source)))
    else:
        raise InputError(InputProblem(str(source), "must be 'laporan' or 'temuan'", field="kind"))
    _print_intake(result, fmt)


@app.command()
def show(
    case: str = typer.Argument(..., help="Id atau nomor perkara"),
    reveal_identity: bool = typer.Option(False, "--reveal-identity", help="Buka identitas pelapor (dicatat)"),
    reason: str = typer.Option("", "--reason", help="Alasan membuka identitas"),
    user: str = AS_USER,
    fmt: Format = FORMAT,
) -> None:
    """Show a case: status, deadlines with their rule and source, history, next steps."""
    core, principal = get_app(), _principal(user)
    detail = api.case_detail(core, principal, case)
    reporters = api.reveal_identity(core, principal, case, reason) if reveal_identity else None
    if fmt is Format.JSON:
        emit_json(
            {**as_json(detail), **({"reporters": [as_json(r) for r in reporters]} if reporters else {})}
        )
        return
    print_detail(detail)
    if reporters:
        rows = [
            (r.seq, r.name, r.nik or "-", r.address, r.phone or "-", ", ".join(r.witnesses))
            for r in reporters
        ]
        print_table(
            "Identitas pelapor (pengungkapan dicatat)",
            ["#", "nama", "NIK", "alamat", "telepon", "saksi"],
            rows,
        )


@app.command("list")
def list_(
    include_closed: bool = typer.Option(False, "--all", help="Termasuk perkara yang sudah ditutup"),
    status: str | None = typer.Option(None, "--status"),
    overdue: bool = typer.Option(False, "--overdue", help="Hanya yang melewati tenggat"),
    due_within: int | None = typer.Option(None, "--due-within", min=1, help="Tenggat dalam N jam ke depan"),
    limit: int | None = typer.Option(None, "--limit", min=1),
    user: str = AS_USER,
    fmt: Format = FORMAT,
) -> None:
    """List the cases you may see, soonest deadline first."""
    window = timedelta(hours=due_within) if due_within else None
    filters = api.CaseFilter(not include_closed, status, overdue, window, limit)
    summaries = api.list_cases(get_app(), _principal(user), filters)
    if fmt is Format.JSON:
        emit_json([as_json(s) for s in summaries])
        return
    print_summaries("Perkara lewat tenggat" if overdue else "Perkara", summaries)


@app.command("transition")
def transition_(
    case: str = typer.Argument(...),
    to_status: str = typer.Argument(..., help="Status tujuan (lihat `awas case show`)"),
    reason: str = typer.Option("", "--reason"),
    extend: bool = typer.Option(False, "--extend", help="Perpanjangan 2 hari (Pasal 134 ayat (6))"),
    expect_version: int | None = typer.Option(
        None, "--expect-version", help="Tolak bila perkara sudah berubah"
    ),
    user: str = AS_USER,
    fmt: Format = FORMAT,
) -> None:
    """Move a case to another status allowed by the catalogue."""
    request = api.TransitionRequest(to_status, reason, extend, expect_version)
    record = api.transition(get_app(), _principal(user), case, request)
    if fmt is Format.JSON:
        emit_json(as_json(record))
        return
    err.print(f"perkara {case}: {record.from_status} → {record.to_status} (versi {record.version})")


@app.command()
def route(
    case: str = typer.Argument(...),
    handler: str | None = typer.Option(
        None, "--handler", help="Ganti instansi hasil katalog (wajib --reason)"
    ),
    track: Track | None = typer.Option(None, "--track", help="Ganti jalur (wajib --reason)"),
    reason: str = typer.Option("", "--reason"),
    user: str = AS_USER,
    fmt: Format = FORMAT,
) -> None:
    """Route a case to the competent agency (catalogue decision, or an override with a reason)."""
    decision = api.route_case(
        get_app(),
        _principal(user),
        case,
        handler=handler,
        track=track.value if track else None,
        reason=reason,
    )
    if fmt is Format.JSON:
        emit_json(as_json(decision))
        return
    note = f" (mengganti {decision.computed_handler})" if decision.overridden else ""
    org = decision.handler_org_id or "-"
    err.print(f"perkara {decision.number}: {decision.track} → {decision.handler}{note}, organisasi {org}")


@app.command()
def share(
    case: str = typer.Argument(...),
    org: str = typer.Argument(..., help="Id organisasi, mis. polda-jambi"),
    tlp: Tlp | None = typer.Option(None, "--tlp", help="Tingkat TLP (bawaan: penandaan perkara)"),
    reason: str = typer.Option(..., "--reason", help="Kebutuhan untuk mengetahui"),
    revoke: bool = typer.Option(False, "--revoke", help="Cabut berbagi"),
    user: str = AS_USER,
) -> None:
    """Share a case with a partner organisation at a TLP level (or revoke the share)."""
    level = api.share_case(get_app(), _principal(user), case, org, tlp=tlp, reason=reason, revoke=revoke)
    err.print(f"perkara {case}: {'berbagi dicabut' if revoke else 'dibagikan'} {org} TLP:{level.upper()}")


@app.command()
def milestone(
    case: str = typer.Argument(...),
    event: str = typer.Argument(..., help="forwarded, file_submitted, file_returned, file_complete, ..."),
    at: str = typer.Option(..., "--at", help="Waktu ISO 8601 dengan zona, mis. 2024-11-30T10:00:00+07:00"),
    reason: str = typer.Option("", "--reason"),
    user: str = AS_USER,
) -> None:
    """Record a dated step after forwarding (starts and meets the Gakkumdu clocks)."""
    try:
        when = parse_aware(at)
    except ValueError as exc:
        raise InputError(InputProblem("--at", str(exc), field="at")) from None
    version = api.record_milestone(get_app(), _principal(user), case, event, at=when, reason=reason)
    err.print(f"perkara {case}: {event} dicatat (versi {version})")


@app.command()
def supplement(
    case: str = typer.Argument(...), source: Path = typer.Option(..., "--in"), user: str = AS_USER
) -> None:
    """Add what the pelapor supplied (NIK, signature, evidence...) and re-check the requirements."""
    data = parse_model(LaporanSupplement, read_json_object(source), str(source))
    results = api.supplement_laporan(get_app(), _principal(user), case, data)
    unmet = [(r.name, r.reason) for r in results if not r.met]
    err.print(
        f"perkara {case}: {'semua syarat terpenuhi' if not unmet else f'{len(unmet)} syarat belum terpenuhi'}"
    )
    if unmet:
        print_table("Syarat belum terpenuhi", ["syarat", "keterangan"], unmet)


@app.command()
def reseal(user: str = AS_USER) -> None:
    """Re-seal every reporter identity under the current AWAS_SECRET_KEY (after a key rotation)."""
    with progress() as bar:
        task = bar.add_task("menyegel ulang identitas", total=None)
        report = api.reseal_identities(
            get_app(),
            _principal(user),
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    err.print(f"{report.checked} identitas diperiksa, {report.resealed} disegel ulang")


@app.command()
def notify(
    deliver: bool = typer.Option(True, "--deliver/--no-deliver", help="Kirim juga yang tertunda"),
    within: int | None = typer.Option(
        None, "--within", min=1, help="Ingatkan tenggat dalam N jam (AWAS_NOTIFY_DUE_SOON_HOURS)"
    ),
    user: str = AS_USER,
) -> None:
    """Queue reminders for deadlines near or passed, then deliver pending e-mails and webhooks (cron-able)."""
    core = get_app()
    if not _principal(user).is_bawaslu:
        raise InputError(InputProblem("case notify", "hanya pengguna Bawaslu"))
    queued = enqueue_deadline_reminders(core, within=timedelta(hours=within) if within else None)
    err.print(f"{queued} pengingat tenggat diantrekan")
    if deliver:
        report = deliver_pending(core)
        err.print(f"terkirim {report.sent}, diulang nanti {report.retrying}, gagal {report.failed}")


@app.command("channel-add")
def channel_add(
    org: str = typer.Argument(..., help="Id organisasi penerima"),
    email: str | None = typer.Option(None, "--email"),
    webhook: str | None = typer.Option(None, "--webhook"),
    events: str = typer.Option("routed,shared,deadline", "--events"),
    secret_stdin: bool = typer.Option(False, "--secret-stdin", help="Baca rahasia HMAC webhook dari stdin"),
    user: str = AS_USER,
) -> None:
    """Send this organisation's case notifications to an e-mail address or a webhook (admins)."""
    if (email is None) == (webhook is None):
        raise InputError(InputProblem("case channel-add", "berikan tepat satu dari --email atau --webhook"))
    secret = sys.stdin.readline().strip() if secret_stdin else None
    kind, address = ("email", email) if email else ("webhook", webhook)
    wanted = tuple(e.strip() for e in events.split(",") if e.strip())
    channel_id = add_channel(
        get_app(), _principal(user), org, kind, address or "", events=wanted, secret=secret
    )
    err.print(f"kanal {channel_id}: {kind} {address} untuk {org}")


@app.command()
def channels(
    org: str | None = typer.Option(None, "--org"), user: str = AS_USER, fmt: Format = FORMAT
) -> None:
    """List notification channels."""
    _principal(user)
    found = list_channels(get_app(), org)
    if fmt is Format.JSON:
        emit_json([as_json(c) for c in found])
        return
    rows = [
        (c.id, c.org_id, c.kind, c.address, ",".join(c.events), "ya" if c.active else "tidak") for c in found
    ]
    print_table("Kanal notifikasi", ["id", "organisasi", "jenis", "alamat", "peristiwa", "aktif"], rows)
