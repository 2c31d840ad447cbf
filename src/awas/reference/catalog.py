"""Read access to the loaded reference data as typed records (cached; call `refresh()` after a load)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import sqlalchemy as sa

from awas.domain.elections import Election, ElectionKind, Paslon, SchedulePhase
from awas.domain.legal import DayKind, Handler, Holiday, LegalClock, Track, ViolationCategory
from awas.domain.orgs import Organisation
from awas.domain.provenance import SourceStatus
from awas.domain.regions import Region, RegionLevel
from awas.errors import NotFoundError
from awas.store import tables as t
from awas.store.db import Database


class ReferenceCatalog:
    """Regions, elections, paslon, schedule and legal catalogue, as loaded in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def refresh(self) -> None:
        for name in (
            "regions",
            "elections",
            "paslon",
            "schedule",
            "categories",
            "handlers",
            "clocks",
            "holidays",
            "organisations",
        ):
            self.__dict__.pop(name, None)

    def _rows(self, table: sa.Table, *order: sa.ColumnElement[Any]) -> list[dict[str, Any]]:
        with self._db.read() as conn:
            return [dict(r) for r in conn.execute(sa.select(table).order_by(*order)).mappings()]

    @cached_property
    def regions(self) -> dict[str, Region]:
        rows = self._rows(t.regions, t.regions.c.code)
        return {
            r["code"]: Region(r["code"], RegionLevel(r["level"]), r["name"], r["parent_code"]) for r in rows
        }

    def region(self, code: str) -> Region:
        try:
            return self.regions[code]
        except KeyError:
            raise NotFoundError(f"unknown region {code!r}") from None

    @cached_property
    def elections(self) -> dict[str, Election]:
        return {
            r["id"]: Election(
                id=r["id"],
                kind=ElectionKind(r["kind"]),
                name=r["name"],
                region_code=r["region_code"],
                voting_date=r["voting_date"],
                sirekap_race=r["sirekap_race"],
                sirekap_area=r["sirekap_area"],
                tps_count=r["tps_count"],
                dpt=r["dpt"],
                status=SourceStatus(r["status"]),
            )
            for r in self._rows(t.elections, t.elections.c.id)
        }

    @cached_property
    def paslon(self) -> dict[str, Paslon]:
        """By paslon id (`<election>#<nomor urut>`)."""
        rows = self._rows(t.paslon, t.paslon.c.election_id, t.paslon.c.nomor_urut)
        return {
            r["id"]: Paslon(
                election_id=r["election_id"],
                nomor_urut=r["nomor_urut"],
                sirekap_id=r["sirekap_id"],
                name=r["name"],
                kepala=r["kepala"],
                wakil=r["wakil"],
                short_name=r["short_name"],
                kolom_kosong=r["kolom_kosong"],
                color=r["color"],
            )
            for r in rows
        }

    def paslon_of(self, election_id: str) -> list[Paslon]:
        return [p for p in self.paslon.values() if p.election_id == election_id]

    def paslon_by_sirekap_id(self) -> dict[str, Paslon]:
        return {p.sirekap_id: p for p in self.paslon.values()}

    @cached_property
    def schedule(self) -> dict[str, SchedulePhase]:
        return {
            r["stage"]: SchedulePhase(
                r["stage"], r["name"], r["starts_at"], r["ends_at"], r["source"], SourceStatus(r["status"])
            )
            for r in self._rows(t.schedule_phases, t.schedule_phases.c.starts_at)
        }

    @cached_property
    def categories(self) -> dict[str, ViolationCategory]:
        return {
            r["id"]: ViolationCategory(
                id=r["id"],
                name=r["name"],
                name_en=r["name_en"],
                group=r["group"],
                default_track=Track(r["default_track"]),
                handler=r["handler"],
                legal_basis=tuple(r["legal_basis"]),
                sanction=r["sanction"],
                description=r["description"],
                source=r["source"],
                status=SourceStatus(r["status"]),
            )
            for r in self._rows(t.violation_categories, t.violation_categories.c.id)
        }

    @cached_property
    def handlers(self) -> dict[str, Handler]:
        return {
            r["id"]: Handler(
                r["id"],
                r["name"],
                r["kind"],
                r["valid_from"],
                r["valid_until"],
                r["description"],
                r["source"],
                SourceStatus(r["status"]),
            )
            for r in self._rows(t.handlers, t.handlers.c.id)
        }

    @cached_property
    def clocks(self) -> dict[str, LegalClock]:
        return {
            r["id"]: LegalClock(
                id=r["id"],
                name=r["name"],
                applies_to=r["applies_to"],
                anchor=r["anchor"],
                amount=r["amount"],
                unit=r["unit"],
                day_kind=DayKind(r["day_kind"]),
                end_of_day=r["end_of_day"],
                legal_basis=r["legal_basis"],
                source=r["source"],
                status=SourceStatus(r["status"]),
            )
            for r in self._rows(t.legal_clocks, t.legal_clocks.c.id)
        }

    @cached_property
    def holidays(self) -> dict[Any, Holiday]:
        return {
            r["day"]: Holiday(r["day"], r["name"], SourceStatus(r["status"]))
            for r in self._rows(t.holidays, t.holidays.c.day)
        }

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        return {
            r["id"]: Organisation(
                r["id"],
                r["name"],
                r["kind"],
                r["region_code"] or None,
                r["handler_id"] or None,
                r["task_force"],
            )
            for r in self._rows(t.organisations, t.organisations.c.id)
        }

    def counts(self) -> dict[str, int]:
        """Rows per reference table, for `awas reference show` and the demo."""
        tables = (
            t.regions,
            t.elections,
            t.paslon,
            t.schedule_phases,
            t.violation_categories,
            t.handlers,
            t.legal_clocks,
            t.holidays,
            t.ikp_baseline,
            t.region_stats,
            t.organisations,
        )
        with self._db.read() as conn:
            return {
                tab.name: conn.execute(sa.select(sa.func.count()).select_from(tab)).scalar_one()
                for tab in tables
            }
