"""Tabular views of the loaded reference data, shared by the CLI (`awas reference show`) and the web."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import sqlalchemy as sa

from awas.errors import InputError, InputProblem
from awas.reference.catalog import ReferenceCatalog
from awas.store import tables as t
from awas.store.db import Database
from awas.timeutil import to_wib

View = tuple[str, list[str], list[tuple[Any, ...]]]


class HasReference(Protocol):
    db: Database

    @property
    def reference(self) -> ReferenceCatalog: ...


def _summary(app: HasReference, _f: str | None) -> View:
    return "Data referensi dimuat", ["tabel", "baris"], list(app.reference.counts().items())


def _regions(app: HasReference, f: str | None) -> View:
    rows = [
        (r.code, r.level.value, r.name, r.parent_code)
        for r in app.reference.regions.values()
        if not f or r.code.startswith(f) or r.level.value == f
    ]
    return f"Wilayah ({len(rows)})", ["kode", "tingkat", "nama", "induk"], rows


def _elections(app: HasReference, _f: str | None) -> View:
    rows = [
        (e.id, e.kind.value, e.name, e.region_code, e.tps_count, e.dpt, e.status.value)
        for e in app.reference.elections.values()
    ]
    return "Pemilihan 27 November 2024", ["id", "jenis", "nama", "wilayah", "TPS", "DPT", "status"], rows


def _paslon(app: HasReference, f: str | None) -> View:
    rows = [
        (p.election_id, p.nomor_urut, p.name, p.short_name, p.sirekap_id)
        for p in app.reference.paslon.values()
        if not f or p.election_id == f
    ]
    return "Pasangan calon", ["pemilihan", "no", "nama", "singkatan", "id sirekap"], rows


def _schedule(app: HasReference, _f: str | None) -> View:
    rows = [
        (
            p.stage,
            p.name,
            to_wib(p.starts_at).strftime("%Y-%m-%d %H:%M"),
            to_wib(p.ends_at).strftime("%Y-%m-%d %H:%M"),
            p.status.value,
        )
        for p in app.reference.schedule.values()
    ]
    return "Tahapan (WIB)", ["tahap", "nama", "mulai", "selesai", "status"], rows


def _categories(app: HasReference, _f: str | None) -> View:
    rows = [
        (c.id, c.name, c.default_track.value, c.handler, "; ".join(c.legal_basis), c.status.value)
        for c in app.reference.categories.values()
    ]
    return "Katalog pelanggaran", ["id", "nama", "jalur", "penanganan", "dasar hukum", "status"], rows


def _handlers(app: HasReference, _f: str | None) -> View:
    rows = [
        (h.id, h.name, h.valid_from, h.valid_until, h.status.value) for h in app.reference.handlers.values()
    ]
    return "Instansi penanganan", ["id", "nama", "berlaku dari", "berlaku sampai", "status"], rows


def _clocks(app: HasReference, _f: str | None) -> View:
    rows = [
        (
            c.id,
            c.name,
            c.applies_to,
            f"{c.amount} {c.unit} ({c.day_kind.value})",
            c.anchor,
            c.legal_basis,
            c.status.value,
        )
        for c in app.reference.clocks.values()
    ]
    return "Tenggat hukum", ["id", "nama", "untuk", "lama", "sejak", "dasar", "status"], rows


def _holidays(app: HasReference, _f: str | None) -> View:
    rows = [(h.day, h.name, h.status.value) for h in app.reference.holidays.values()]
    return "Hari libur nasional", ["tanggal", "nama", "status"], rows


def _organisations(app: HasReference, _f: str | None) -> View:
    rows = [
        (o.id, o.name, o.kind, o.handler_id, "ya" if o.task_force else "tidak")
        for o in app.reference.organisations.values()
    ]
    return "Organisasi", ["id", "nama", "jenis", "instansi", "satgas"], rows


def _ikp(app: HasReference, _f: str | None) -> View:
    query = (
        sa.select(t.ikp_baseline, t.regions.c.name).join(t.regions).order_by(t.ikp_baseline.c.score.desc())
    )
    with app.db.read() as conn:
        rows = [
            (r.region_code, r.name, r.product, r.score, r.category, r.status) for r in conn.execute(query)
        ]
    return "Indeks kerawanan (baseline)", ["kode", "wilayah", "produk", "skor", "kategori", "status"], rows


SHOWABLE: dict[str, Callable[[HasReference, str | None], View]] = {
    "summary": _summary,
    "regions": _regions,
    "elections": _elections,
    "paslon": _paslon,
    "schedule": _schedule,
    "categories": _categories,
    "handlers": _handlers,
    "clocks": _clocks,
    "holidays": _holidays,
    "organisations": _organisations,
    "ikp": _ikp,
}


def show_rows(app: HasReference, what: str, filter_: str | None = None) -> View:
    """Title, column names and rows of one reference view; InputError for an unknown view."""
    if what not in SHOWABLE:
        raise InputError(
            InputProblem("awas reference show", f"unknown view {what!r}; one of {', '.join(SHOWABLE)}")
        )
    return SHOWABLE[what](app, filter_)
