"""How `awas case` prints cases: JSON documents (times in WIB) and tables for people."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from rich.markup import escape

from awas.cases.records import CaseDetail, CaseSummary, NextDeadline
from awas.cli.output import out, print_table
from awas.timeutil import to_wib

__all__ = ["as_json", "print_detail", "print_summaries", "print_table", "when"]

STATE_WORDS = {
    "pending": "berjalan",
    "overdue": "LEWAT",
    "met": "terpenuhi",
    "late": "terlambat",
    "expired": "berakhir",
}


def when(value: datetime | None) -> str:
    return to_wib(value).strftime("%d-%m-%Y %H:%M") if value else "-"


def as_json(record: Any) -> Any:
    """A dataclass tree as plain JSON values (enums as their value; times converted by emit_json)."""
    return dataclasses.asdict(record)


def _deadline_cell(upcoming: NextDeadline | None) -> str:
    if upcoming is None:
        return "-"
    state = STATE_WORDS.get(upcoming.state.value, upcoming.state.value)
    return f"{upcoming.name}: {when(upcoming.due_at)} ({state})"


def print_summaries(title: str, summaries: list[CaseSummary]) -> None:
    rows = [
        (
            s.header.number,
            s.header.status_name,
            s.header.category or "-",
            s.header.handler or "-",
            f"TLP:{s.header.tlp.upper()}",
            _deadline_cell(s.next_deadline),
        )
        for s in summaries
    ]
    print_table(
        f"{title} ({len(rows)})", ["nomor", "status", "kategori", "penerus", "TLP", "tenggat berikut"], rows
    )


def print_detail(detail: CaseDetail) -> None:
    header = detail.summary.header
    marking = f"TLP:{header.tlp.upper()} · versi {detail.summary.version}"
    out.print(f"[bold]{header.number}[/] {escape(header.title)}  [dim]{marking}[/]")
    print_table("Perkara", ["unsur", "nilai"], _facts(detail))
    _print_deadlines(detail)
    history = [
        (t.version, t.from_status or "-", t.to_status, t.actor, when(t.at), t.reason)
        for t in detail.transitions
    ]
    print_table("Riwayat status", ["versi", "dari", "ke", "oleh", "waktu", "alasan"], history)
    steps = [
        (o.to_status, o.name, "ya" if o.allowed else "tidak", o.why_not or "")
        for o in detail.next_transitions
    ]
    print_table("Langkah berikut", ["ke", "nama", "boleh", "keterangan"], steps)
    if detail.requirements:
        met = [(r.name, r.kind, "ya" if r.met else "tidak", r.reason) for r in detail.requirements]
        print_table("Syarat formil dan materiil", ["syarat", "jenis", "terpenuhi", "keterangan"], met)


def _facts(detail: CaseDetail) -> list[tuple[str, str]]:
    header = detail.summary.header
    return [
        ("status", header.status_name),
        ("jenis", header.kind),
        ("kategori", header.category or "-"),
        ("jalur", header.track or "-"),
        ("penerus", header.handler or "-"),
        ("terlapor", detail.terlapor or "-"),
        ("tempat", detail.place or "-"),
        ("terjadi", when(detail.occurred_at)),
        ("diketahui", when(detail.summary.known_at)),
        ("diterima", when(detail.summary.received_at)),
        ("pelapor", f"{detail.reporters} (identitas disegel)"),
        ("dasar hukum", "; ".join(detail.route_legal_basis) or "-"),
    ]


def _print_deadlines(detail: CaseDetail) -> None:
    rows = [
        (
            d.deadline.name,
            when(d.due_at),
            STATE_WORDS.get(d.state.value, d.state.value),
            d.deadline.rule,
            f"{d.deadline.source} [{d.deadline.source_status}]",
        )
        for d in detail.deadlines
    ]
    print_table("Tenggat hukum", ["tenggat", "jatuh tempo (WIB)", "keadaan", "aturan", "sumber"], rows)
