"""Sirekap paslon ids → nomor urut, from the reference data and Sirekap paslon master files.

The Pilkada 2024 Jambi races come from the reference catalogue (`app.reference`). Other races (the
Pemilu 2024 presidential race of the bundled TPS sample, another province) come from a Sirekap
paslon master file: the flat `ppwp.json` shape `{"100025": {"nama", "nomor_urut", ...}}` or the
Pilkada shape keyed by area `{"15": {"1000010": {...}}}`. The ppwp master is bundled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from awas.errors import InputError, InputProblem

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
BUNDLED_MASTERS = (SAMPLES_DIR / "paslon" / "ppwp.json",)
RACES = ("ppwp", "pkwkp", "pkwkk")


@dataclass(frozen=True, slots=True)
class PaslonRef:
    sirekap_id: str
    race: str
    area: str  # Sirekap area code ("" for a national race)
    nomor_urut: int
    name: str
    election_id: str | None = None
    paslon_id: str | None = None  # reference paslon id `<election>#<nomor urut>`


class PaslonDirectory:
    """Lookup by Sirekap paslon id; later sources never override earlier ones."""

    def __init__(self) -> None:
        self._by_id: dict[str, PaslonRef] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, ref: PaslonRef) -> None:
        self._by_id.setdefault(ref.sirekap_id, ref)

    def get(self, sirekap_id: str) -> PaslonRef | None:
        return self._by_id.get(sirekap_id)

    def count_in_area(self, race: str, area: str) -> int:
        """How many paslon stand in `race` for `area` (0 when unknown)."""
        return sum(1 for r in self._by_id.values() if r.race == race and r.area == area)

    def refs(self) -> list[PaslonRef]:
        return list(self._by_id.values())

    def add_master_file(self, path: Path, race: str | None = None) -> int:
        """Add every paslon of a Sirekap master file; return how many. Raises InputError if unreadable."""
        return self.add_master_data(path, _load_json(path), race)

    def add_master_data(self, path: Path, data: Any, race: str | None = None) -> int:
        """Add the paslon of already parsed master `data` (named `path` in messages)."""
        race = race or race_from_name(str(path)) or "unknown"
        before = len(self)
        for area, sirekap_id, entry in _master_entries(data, path):
            self.add(_ref_from_entry(path, race, area, sirekap_id, entry))
        return len(self) - before

    def copy(self) -> PaslonDirectory:
        other = PaslonDirectory()
        other._by_id = dict(self._by_id)
        return other


def race_from_name(text: str) -> str | None:
    """The Sirekap race named in a path or file name, if any."""
    lowered = text.lower()
    return next((race for race in RACES if race in lowered), None)


def is_master_file(path: Path, data: Any) -> bool:
    """A paslon master: named paslon*/under paslon/, or entries that all carry `nomor_urut`."""
    if "paslon" in path.name.lower() or path.parent.name.lower() == "paslon":
        return True
    return isinstance(data, dict) and bool(data) and all(_is_entry(v) for v in data.values())


def _is_entry(value: Any) -> bool:
    return isinstance(value, dict) and "nomor_urut" in value


def _master_entries(data: Any, path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    if not isinstance(data, dict):
        raise InputError(InputProblem(str(path), "berkas paslon harus berupa objek JSON"))
    if all(_is_entry(v) for v in data.values()):
        return [("", str(k), v) for k, v in data.items()]
    out = []
    for area, entries in data.items():
        if not isinstance(entries, dict) or not all(_is_entry(v) for v in entries.values()):
            raise InputError(InputProblem(str(path), "bentuk berkas paslon tidak dikenal", field=str(area)))
        out += [(str(area), str(k), v) for k, v in entries.items()]
    return out


def _ref_from_entry(path: Path, race: str, area: str, sirekap_id: str, entry: dict[str, Any]) -> PaslonRef:
    nomor = entry.get("nomor_urut")
    if not isinstance(nomor, int) or isinstance(nomor, bool) or nomor < 1:
        raise InputError(InputProblem(str(path), "nomor_urut harus bilangan bulat ≥ 1", field=sirekap_id))
    return PaslonRef(sirekap_id, race, area, nomor, str(entry.get("nama", "")))


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(InputProblem(str(path), f"berkas paslon tidak terbaca: {exc}")) from None


def directory_from_reference(reference: Any, extra_masters: tuple[Path, ...] = ()) -> PaslonDirectory:
    """Reference paslon first (typed, with election ids), then user masters, then bundled masters.

    `reference` is an `awas.reference.catalog.ReferenceCatalog` (or None for no database).
    """
    directory = PaslonDirectory()
    if reference is not None:
        elections = reference.elections
        for paslon in reference.paslon.values():
            election = elections[paslon.election_id]
            directory.add(
                PaslonRef(
                    paslon.sirekap_id,
                    election.sirekap_race,
                    election.sirekap_area,
                    paslon.nomor_urut,
                    paslon.name,
                    paslon.election_id,
                    paslon.id,
                )
            )
    for path in (*extra_masters, *BUNDLED_MASTERS):
        directory.add_master_file(path)
    return directory
