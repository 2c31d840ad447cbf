"""Look-alike domains against the official ones: homoglyphs, TLD swaps, added words, spoofed
subdomains, edit distance; official subdomains, government suffixes and ordinary sites are not."""

from __future__ import annotations

import pytest

from awas.watch.domains import find_lookalike, official
from awas.watch.official import bundled_officials

OFFICIALS = bundled_officials()


@pytest.mark.parametrize(
    ("host", "reason", "imitates"),
    [
        ("кpu.com", "homoglyph", "kpu.go.id"),  # Cyrillic к
        ("bawas1u.id", "homoglyph", "bawaslu.go.id"),
        ("xn--pu-1lc.go.id.com", "subdomain_spoof", "kpu.go.id"),
        ("kpu.com", "tld_swap", "kpu.go.id"),
        ("bawaslu.my.id", "tld_swap", "bawaslu.go.id"),
        ("kpu.go.id.verifikasi-dpt.com", "subdomain_spoof", "kpu.go.id"),
        ("pemilu.kpu.go.id.login.xyz", "subdomain_spoof", "kpu.go.id"),
        ("kpu-jambi.com", "added_words", "kpu.go.id"),
        ("cekdpt-kpu.info", "added_words", "kpu.go.id"),
        ("kpujambi2024.net", "added_words", "kpu.go.id"),
        ("bawaslu-jambi.net", "added_words", "bawaslu.go.id"),
        ("jambi-prov.net", "edit_distance", "jambiprov.go.id"),
    ],
)
def test_lookalikes_are_found_with_their_reason(host: str, reason: str, imitates: str) -> None:
    found = find_lookalike(host, OFFICIALS)
    assert found is not None and reason in found.reasons and found.official == imitates


@pytest.mark.parametrize(
    "host",
    [
        "kpu.go.id",
        "jambi.kpu.go.id",
        "kpu-jambiprov.go.id",
        "kpk.go.id",
        "detik.com",
        "kompas.com",
        "tokopedia.com",
        "skpu.com",
        "kpi.com",
        "jambiekspres.co.id",
        "127.0.0.1",
        "localhost",
        "",
    ],
)
def test_official_and_ordinary_hosts_are_not_lookalikes(host: str) -> None:
    assert find_lookalike(host, OFFICIALS) is None


def test_a_paslon_domain_added_to_the_watch_list_is_protected_too() -> None:
    paslon = official("romisudirman.id", "paslon")
    assert paslon is not None
    found = find_lookalike("romi-sudirman.id", [*OFFICIALS, paslon])
    assert found is not None and found.official == "romisudirman.id"
