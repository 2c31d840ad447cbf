"""Paslon and entity linking."""

from __future__ import annotations

import pytest

from awas.detect.entities import EntityLinker, clean_person_name, entity_data
from awas.text import normalise
from tests.detect.conftest import Reference


@pytest.fixture(scope="module")
def linker(reference: Reference) -> EntityLinker:
    return EntityLinker(reference.paslon, reference.elections)


def _paslon(linker: EntityLinker, text: str, region: str | None = None) -> set[str]:
    return {p for m in linker.link(normalise(text), region) for p in m.paslon_ids}


def test_titles_and_degrees_are_stripped_from_names() -> None:
    assert clean_person_name("Dr. H. AL HARIS, S.Sos., M.H.") == "al haris"
    assert clean_person_name("Letjen. (Purn.) Dr. SUDIRMAN, S.H., M.H., M.M.") == "sudirman"


def test_full_names_and_pair_names_link_to_their_paslon(linker: EntityLinker) -> None:
    assert _paslon(linker, "Kampanye Al Haris di Kerinci") == {"pilgub-15-2024#2"}
    assert _paslon(linker, "romi sudirman blusukan ke pasar") == {"pilgub-15-2024#1"}
    assert _paslon(linker, "Pendukung Hurmin Gerry konvoi") == {"pilbup-15.03-2024#5"}


def test_common_single_names_link_nothing(linker: EntityLinker) -> None:
    assert _paslon(linker, "sani dan amin pergi ke pasar") == set()


def test_ballot_number_links_only_when_the_race_is_clear(linker: EntityLinker) -> None:
    assert _paslon(linker, "coblos nomor 2 untuk gubernur") == {"pilgub-15-2024#2"}
    assert _paslon(linker, "pilih 02 untuk bupati", region="15.04") == {"pilbup-15.04-2024#2"}
    assert _paslon(linker, "coblos nomor 2 ya") == set()  # which race? not linked
    mentions = linker.link(normalise("coblos nomor 2 ya"), None)
    assert [m.kind for m in mentions] == ["ballot_number"]


def test_ballot_number_with_a_named_paslon_takes_that_race(linker: EntityLinker) -> None:
    assert _paslon(linker, "Maulana Diza nomor 1 untuk kota kito") == {"pilwako-15.71-2024#1"}


def test_plain_numbers_are_not_ballot_numbers(linker: EntityLinker) -> None:
    assert linker.link(normalise("harga cabai naik 20 persen tahun 2024"), None) == []


@pytest.mark.parametrize("row", entity_data()["paslon_aliases"], ids=lambda r: r["alias"])
def test_each_alias_entry_links_to_its_paslon(linker: EntityLinker, row: dict[str, str]) -> None:
    mentions = [
        m for m in linker.link(normalise(f"kemarin {row['alias']} datang"), None) if m.kind == "paslon"
    ]
    assert row["paslon"] in {p for m in mentions for p in m.paslon_ids}
    assert {m.status for m in mentions if row["paslon"] in m.paslon_ids} >= {row["status"]} or row[
        "status"
    ] == "verified"


@pytest.mark.parametrize("party", entity_data()["parties"], ids=lambda p: p["id"])
def test_each_party_entry_is_recognised(linker: EntityLinker, party: dict[str, object]) -> None:
    names = party["names"]
    assert isinstance(names, list)
    for name in names:
        assert [m.kind for m in linker.link(normalise(f"kader {name} hadir"), None)] == ["party"]


@pytest.mark.parametrize("row", entity_data()["coalitions"], ids=lambda r: f"{r['party']}-{r['paslon']}")
def test_each_coalition_entry_links_the_party_to_its_paslon_with_its_status(
    linker: EntityLinker, row: dict[str, str]
) -> None:
    party = next(p for p in entity_data()["parties"] if p["id"] == row["party"])
    mention = linker.link(normalise(f"kader {party['names'][0]} hadir"), None)[0]
    assert row["paslon"] in mention.paslon_ids and mention.status == row["status"]
