"""`--engine` and `--address`, shared by the commands that can run on the scale-out engine."""

from __future__ import annotations

import typer

from awas.scale.engine import EngineChoice

ENGINE = typer.Option("local", "--engine", help="local (proses ini) atau ray (klaster Ray)")
ADDRESS = typer.Option(
    None, "--address", help="alamat klaster Ray (ray://kepala:10001 atau auto); bawaan: Ray lokal baru"
)


def engine_choice(engine: str, address: str | None) -> EngineChoice:
    """The parsed choice; raises InputError (exit 2) for an unknown engine or a stray address."""
    return EngineChoice.parse(engine, address)
