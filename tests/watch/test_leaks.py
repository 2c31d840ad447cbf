"""Leak signals in text: DPT-like tables, offers to sell or share data DPT, denials, masking."""

from __future__ import annotations

from awas.watch.leaks import mask_leak, scan_text
from tests.watch.nikdata import grouped, jambi_kecamatan, valid_niks

KEC = frozenset(jambi_kecamatan())


def _table(n: int) -> str:
    niks = valid_niks(n, seed=3)
    rows = ["nama;nik;alamat;tps"] + [
        f"Warga {i};{grouped(nik, i)};RT 0{i % 9} Telanaipura;00{i % 9}" for i, nik in enumerate(niks)
    ]
    return "\n".join(rows)


def test_a_dpt_table_is_found_and_its_rows_hidden_when_masked() -> None:
    text = "Ini data DPT lengkap:\n" + _table(12)
    report = scan_text(text, KEC)
    assert report.table_rows == 12 and report.niks == 12
    assert report.table_columns == ("nama", "nik", "alamat", "tps")
    assert report.severity.value == "critical"
    masked = mask_leak(text, KEC)
    assert "Warga 3" not in masked and masked.count("[baris data pribadi disembunyikan]") == 12
    assert not any(nik in masked for nik in valid_niks(12, seed=3))


def test_an_offer_to_sell_data_dpt_is_a_leak_even_without_numbers() -> None:
    report = scan_text("Jual data DPT Kota Jambi 2024 lengkap NIK + KK, minat DM", KEC)
    assert report.offer and report.is_incident(3)
    assert report.severity.value == "medium"


def test_news_denying_a_leak_is_not_an_offer() -> None:
    report = scan_text("KPU membantah data DPT dijual di forum gelap; kabar itu hoaks.", KEC)
    assert report.offer == ""


def test_the_same_numbers_posted_again_have_the_same_key() -> None:
    niks = valid_niks(5, seed=9)
    one = scan_text("bocoran: " + ", ".join(niks), KEC)
    two = scan_text("ini lagi " + " ".join(grouped(n, 1) for n in reversed(niks)), KEC)
    assert one.key("a") == two.key("b")
    assert one.as_dict()["masked"] and all("*" in m for m in one.as_dict()["masked"])  # type: ignore[union-attr]
