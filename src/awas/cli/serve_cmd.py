"""`awas serve`: run the dashboard and API; `awas serve token ...`: API tokens for systems."""

from __future__ import annotations

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.output import Format, emit_json, err, out, print_table

app = typer.Typer(help="Dasbor web dan REST API (web dashboard and API).")
token_app = typer.Typer(help="Token API untuk sistem lain (API tokens).", no_args_is_help=True)
app.add_typer(token_app, name="token")


@app.callback(invoke_without_command=True)
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Address to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="Port"),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (use about one per core)"),
) -> None:
    """Serve the dashboard and the REST API (blocking; Ctrl+C stops)."""
    if ctx.invoked_subcommand is not None:
        return
    from awas.web.server import serve as run_server

    run_server(get_app(), host, port, workers=workers)


@token_app.command("create")
def create(
    username: str,
    name: str = typer.Option(..., help="What the token is for, e.g. sirekap-bot"),
    days: int | None = typer.Option(None, min=1, max=3650, help="Lifetime in days (default: no expiry)"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """Create a token acting as USERNAME; the secret is printed once, on stdout."""
    from awas.web.tokens import TokenService

    new = TokenService(get_app()).create(username, name, actor=cli_actor(), days=days)
    if fmt is Format.JSON:
        emit_json({"id": new.info.id, "token": new.secret, "username": username, "name": name})
    else:
        err.print(
            f"token {new.info.id} untuk {username} dibuat; simpan sekarang, tidak akan ditampilkan lagi:"
        )
        out.print(new.secret, highlight=False)


@token_app.command("list")
def list_(
    username: str | None = typer.Option(None, "--user", help="Only this user's tokens"),
    fmt: Format = typer.Option(Format.TEXT, "--format"),
) -> None:
    """List tokens (never their secrets)."""
    from awas.access.users import UserService
    from awas.web.tokens import TokenService

    core = get_app()
    user_id = UserService(core).get(username).id if username else None
    tokens = TokenService(core).list(user_id=user_id)
    columns = ["id", "pengguna", "nama", "awalan", "dibuat", "terakhir dipakai", "aktif"]
    rows = [(t.id, t.username, t.name, t.prefix, t.created_at, t.last_used_at, t.active) for t in tokens]
    if fmt is Format.JSON:
        emit_json([dict(zip(columns, r, strict=True)) for r in rows])
    else:
        print_table("Token API", columns, rows)


@token_app.command("revoke")
def revoke(token_id: int = typer.Argument(..., min=1, max=2**31 - 1)) -> None:
    """Revoke a token (idempotent)."""
    from awas.web.tokens import TokenService

    info = TokenService(get_app()).revoke(token_id, actor=cli_actor())
    err.print(f"token {info.id} ({info.name}, {info.username}) dicabut")
