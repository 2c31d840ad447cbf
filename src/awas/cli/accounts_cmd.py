"""`awas accounts`: the paslon campaign account registry, and accounts that campaign unregistered."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, print_table
from awas.errors import InputError, InputProblem
from awas.ingest.accounts import AccountRow, AccountService, parse_when
from awas.ingest.campaigners import CampaignAccountReport

app = typer.Typer(help="Akun media sosial resmi kampanye paslon.", no_args_is_help=True)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="Registry CSV"), fmt: Format = typer.Option(Format.TEXT, "--format")
) -> None:
    """Import the registry CSV (all or nothing); posts already stored are linked to their paslon."""
    counts = AccountService(get_app()).import_csv(file, actor=cli_actor())
    if fmt is Format.JSON:
        emit_json(counts)
    err.print(
        f"akun: {counts['new']} baru, {counts['updated']} diubah, {counts['unchanged']} tetap; "
        f"{counts['posts_linked']} pos ditautkan ke paslon"
    )


@app.command()
def add(
    paslon: str = typer.Option(..., help="Paslon id, e.g. pilgub-15-2024#1"),
    platform: str = typer.Option(...),
    handle: str = typer.Option(...),
    account_id: str | None = typer.Option(None),
    registered: str = typer.Option("", help="ISO time with offset, or a date (WIB)"),
    deactivated: str = typer.Option("", help="ISO time with offset, or a date (WIB, end of day)"),
) -> None:
    """Register one account by hand."""
    try:
        row = AccountRow(
            paslon,
            platform,
            handle.lstrip("@"),
            account_id,
            None,
            parse_when(registered, False),
            parse_when(deactivated, True),
            "manual",
        )
    except ValueError as exc:
        raise InputError(
            InputProblem("accounts add", f"tanggal tidak valid: {exc}", field="registered")
        ) from None
    service = AccountService(get_app())
    service.check([row])
    counts = service.save([row], actor=cli_actor())
    err.print(f"akun {platform} {handle} terdaftar untuk {paslon}; {counts['posts_linked']} pos ditautkan")


@app.command()
def deactivate(platform: str, handle: str, at: str = typer.Option("", help="When (default: now)")) -> None:
    """Record that an account was deactivated (e.g. at the end of the campaign period)."""
    try:
        when = parse_when(at, True) if at else datetime.now().astimezone()
    except ValueError as exc:
        raise InputError(
            InputProblem("accounts deactivate", f"waktu tidak valid: {exc}", field="at")
        ) from None
    AccountService(get_app()).deactivate(
        platform, handle, when or datetime.now().astimezone(), actor=cli_actor()
    )
    err.print(f"akun {platform} {handle} dinonaktifkan")


@app.command("list")
def list_(
    paslon: str | None = typer.Option(None, help="Only this paslon"),
    unregistered: bool = typer.Option(
        False, "--unregistered", help="Accounts that campaign but are not registered"
    ),
    min_posts: int = typer.Option(2, help="With --unregistered: at least this many campaign posts"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """List registered accounts, or (--unregistered) accounts that post campaign content unregistered."""
    service = CampaignAccountReport(get_app())
    rows: list[tuple[Any, ...]]
    if unregistered:
        found = service.unregistered(min_posts)
        columns = ["platform", "akun", "handle", "pos kampanye", "paslon disebut", "pertama", "terakhir"]
        rows = [
            (u.platform, u.author_id, u.handle, u.campaign_posts, u.paslon_mentioned, u.first_at, u.last_at)
            for u in found
        ]
        title = "Akun berkampanye yang tidak terdaftar"
    else:
        accounts = service.registered(paslon)
        columns = ["paslon", "platform", "handle", "id akun", "terdaftar", "nonaktif"]
        rows = [
            (
                a["paslon_id"],
                a["platform"],
                a["handle"],
                a["account_id"],
                a["registered_at"],
                a["deactivated_at"],
            )
            for a in accounts
        ]
        title = "Akun kampanye terdaftar"
    if fmt is Format.JSON:
        emit_json([dict(zip(columns, r, strict=True)) for r in rows])
    else:
        print_table(title, columns, rows)
