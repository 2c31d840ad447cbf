"""NIK and KK detection: every valid NIK found in every grouping, no false positive on the test set
of 16-digit numbers that are not NIKs, masking keeps only the wilayah prefix."""

from __future__ import annotations

import pytest

from awas.watch.nik import find_numbers, mask_numbers, valid_number
from tests.watch.nikdata import grouped, jambi_kecamatan, not_niks, valid_niks

KEC = frozenset(jambi_kecamatan())


def test_every_valid_nik_is_found_in_every_grouping() -> None:
    niks = valid_niks(300)
    missed = []
    for i, nik in enumerate(niks):
        text = f"Pemilih {i}: NIK {grouped(nik, i)} terdaftar di TPS 00{i % 9}."
        hits = find_numbers(text, KEC)
        if [h.digits for h in hits] != [nik]:
            missed.append((grouped(nik, i), hits))
    assert missed == []


def test_no_false_positive_on_numbers_that_are_not_nik() -> None:
    samples = not_niks()
    assert len(samples) >= 600
    found = [(s, find_numbers(s, KEC)) for s in samples if find_numbers(s, KEC)]
    assert found == []


def test_women_have_day_plus_40_and_impossible_dates_fail() -> None:
    assert valid_number("1571014508900001", KEC)  # 5 Aug 1990, woman
    assert valid_number("1571010508900001", KEC)  # 5 Aug 1990, man
    assert not valid_number("1571017208900001", KEC)  # day 72 - 40 = 32
    assert not valid_number("1571013002900001", KEC)  # 30 Feb
    assert valid_number("1571012902000001", KEC)  # 29 Feb 2000
    assert not valid_number("1571010508900000", KEC)  # serial 0000
    assert not valid_number("1599010508900001", KEC)  # no such kab/kota in Jambi


def test_kk_needs_its_label_and_has_no_plus_40() -> None:
    hits = find_numbers("No. KK: 1571010508900001, NIK 1571014508900002", KEC)
    assert [(h.kind, h.digits) for h in hits] == [("kk", "1571010508900001"), ("nik", "1571014508900002")]
    assert find_numbers("No KK 1571014508900001", KEC) == []  # day 45 is no issue date


def test_a_label_before_other_digits_does_not_cover_a_later_nik() -> None:
    text = "Budi HP 081234567890, Ani 1571014508900001"
    assert [h.digits for h in find_numbers(text, KEC)] == ["1571014508900001"]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NIK 1571014508900001.", "NIK 157101**********."),
        ("NIK 1571 0145 0890 0001", "NIK 1571 01** **** ****"),
        ("15.71.01.450890.0001 dan 081234", "15.71.01.******.**** dan 081234"),
        ("rek 1571014508900001", "rek 1571014508900001"),
    ],
)
def test_masking_keeps_only_the_wilayah_prefix(text: str, masked: str) -> None:
    assert mask_numbers(text, KEC) == masked


def test_two_niks_separated_by_spaces_are_both_found() -> None:
    text = "1571 0145 0890 0001 1571 0105 0890 0002"
    assert [h.digits for h in find_numbers(text, KEC)] == ["1571014508900001", "1571010508900002"]
