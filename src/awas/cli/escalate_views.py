"""How the `open-case` commands (`awas coord open-case`, `awas recap open-case`, `awas case open
--from-finding`) print an escalation: the case opened (or already open) and the evidence captured."""

from __future__ import annotations

import dataclasses

import typer

from awas.cases.access import Principal
from awas.cases.api import principal_for
from awas.cli.context import get_app
from awas.cli.output import Format, emit_json, err, print_table
from awas.escalate import Escalation

AS_USER = typer.Option(
    ..., "--as", envvar="AWAS_USER", help="Bertindak sebagai pengguna ini (atau AWAS_USER)"
)
FORMAT = typer.Option(Format.TEXT, "--format", help="text atau json")


def principal(username: str) -> Principal:
    return principal_for(get_app(), username)


def print_escalation(result: Escalation, fmt: Format) -> None:
    """JSON on stdout with --format json; otherwise a line on stderr and the failed captures as a table."""
    if fmt is Format.JSON:
        emit_json({"source": result.source, **dataclasses.asdict(result)})
        return
    case, evidence = result.case, result.evidence
    state = "sudah dibuka sebelumnya" if case.merged else "dibuka"
    err.print(
        f"perkara {case.number} ({case.status}) {state} dari {result.source}; bukti: "
        f"{len(evidence.captured)} unggahan diambil, {len(evidence.already)} sudah ada, "
        f"{len(evidence.failed)} gagal",
        markup=False,
        highlight=False,
    )
    if evidence.failed:
        print_table("Pengambilan bukti gagal", ["unggahan (id)", "alasan"], list(evidence.failed))
