"""The shared normaliser: every transformation it promises, and hostile input."""

from __future__ import annotations

import os
import time

import pytest

from awas.text import normalise, normalise_aligned, tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4mpl0p", "amplop"),
        ("s3r4ng4n f4j4r", "serangan fajar"),
        ("am\u200bplop", "amplop"),
        ("𝐚𝐦𝐩𝐥𝐨𝐩", "amplop"),
        ("ＡＭＰＬＯＰ", "amplop"),
        ("Amplóp", "amplop"),
        ("bangeeettt", "banget"),
        ("maaaaf", "maaf"),
        ("anak2", "anak anak"),
        ("nomor2", "nomor 2"),
        ("50rb", "50 ribu"),
        ("2jt", "2 juta"),
        ("goceng", "5 ribu"),
        ("yg gak tdk", "yang tidak tidak"),
        ("kito galo dak", "kita semua tidak"),
        ("#TolakPolitikUang", "tolak politik uang"),
        ("#tolakpolitikuang", "tolak politik uang"),
        ("#pilkadajambi2024", "pilkada jambi 2024"),
        ("@bawaslu_jambi halo", "USER halo"),
        ("USER USER halo", "USER USER halo"),
        ("lihat https://t.co/abc dan bit.ly/xyz", "lihat URL dan URL"),
        ("💰💰 🔪", "uang uang pisau"),
        ("Halo!!! Apa kabar???", "halo apa kabar"),
        ("covid19 tahun 2024 nomor 02", "covid19 tahun 2024 nomor 02"),
        ("sipit begituuu \\xf0\\x9f\\x98\\x82\\n", "sipit begitu tertawa"),
    ],
)
def test_it_normalises(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "😀😀😀🫠",
        "https://a.example/x www.example.com",
        "\u202e\u200f\u200b\u2066",
        "بسم الله الرحمن الرحيم",
        "ꦲꦏ꧀ꦱꦫꦗꦮ",
        "\x00\x01\x7f\ufffd\ud800",
    ],
)
def test_it_survives_odd_input(raw: str) -> None:
    result = normalise(raw)
    assert isinstance(result, str)
    assert "  " not in result and result == result.strip()


def test_it_keeps_other_scripts_as_words() -> None:
    assert normalise("بسم الله") == "بسم الله"


def test_it_handles_a_megabyte_in_bounded_time() -> None:
    junk = os.urandom(1_000_000).decode("latin-1")
    started = time.perf_counter()
    normalise(junk)
    normalise("amplop " * 150_000)
    assert time.perf_counter() - started < 5


def test_tokens_are_the_normalised_words() -> None:
    assert tokens("Ayo #PilihNomor2") == ["ayo", "pilih", "nomor", "2"]


def test_aligned_text_equals_the_fast_path_and_points_at_the_original() -> None:
    raw = "Ayo\u200b pilih 4mpl0p 50rb #TolakPolitikUang 😡 \\xf0\\x9f\\x92\\xb0"
    aligned = normalise_aligned(raw)
    assert aligned.text == normalise(raw)
    start = aligned.text.index("amplop")
    span = aligned.original_span(start, start + len("amplop"))
    assert span is not None and raw[span[0] : span[1]] == "4mpl0p"
    start = aligned.text.index("politik")
    span = aligned.original_span(start, start + len("politik uang"))
    assert span is not None and raw[span[0] : span[1]] == "#TolakPolitikUang"


def test_aligned_text_finds_no_span_outside_the_text() -> None:
    assert normalise_aligned("halo").original_span(10, 12) is None
