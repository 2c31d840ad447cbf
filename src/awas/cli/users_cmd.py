"""`awas users`: task-force accounts (add, list, disable, enable, passwd)."""

from __future__ import annotations

import sys

import typer

from awas.access.users import UserService
from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, print_table
from awas.domain.orgs import Role

app = typer.Typer(help="Akun pengguna Satgas (task-force user accounts).", no_args_is_help=True)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True))


@app.command()
def add(
    username: str,
    org: str = typer.Option(..., help="Organisation id, e.g. bawaslu-15"),
    role: Role = typer.Option(Role.ANALYST, help="Role"),
    name: str = typer.Option("", help="Display name"),
    email: str | None = typer.Option(None),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin"),
) -> None:
    """Create a user in an organisation with a role."""
    user = UserService(get_app()).create(
        username,
        org_id=org,
        role=role,
        password=_read_password(password_stdin),
        display_name=name,
        email=email,
        actor=cli_actor(),
    )
    err.print(f"pengguna {user.username} ({user.role.value}, {user.org_id}) dibuat")


@app.command("list")
def list_(
    org: str | None = typer.Option(None, help="Only this organisation"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """List users."""
    found = UserService(get_app()).list(org)
    rows = [(u.username, u.display_name, u.org_id, u.role.value, u.active) for u in found]
    columns = ["username", "nama", "organisasi", "peran", "aktif"]
    if fmt is Format.JSON:
        emit_json([dict(zip(columns, r, strict=True)) for r in rows])
    else:
        print_table("Pengguna", columns, rows)


@app.command()
def disable(username: str) -> None:
    """Deactivate a user (kept for the audit trail, cannot log in)."""
    UserService(get_app()).set_active(username, False, actor=cli_actor())
    err.print(f"pengguna {username} dinonaktifkan")


@app.command()
def enable(username: str) -> None:
    """Reactivate a user."""
    UserService(get_app()).set_active(username, True, actor=cli_actor())
    err.print(f"pengguna {username} diaktifkan")


@app.command()
def passwd(username: str, password_stdin: bool = typer.Option(False, "--password-stdin")) -> None:
    """Set a user's password."""
    UserService(get_app()).set_password(username, _read_password(password_stdin), actor=cli_actor())
    err.print(f"kata sandi {username} diubah")
