"""The column-wise normaliser gives exactly what the shared normaliser gives."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from awas.coord.fastnorm import normalise_column
from awas.text.chars import clean
from awas.text.normalise import normalise

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "data" / "nusax" / "sentences.txt"
HOSTILE = [
    "Ayo pilih 4mpl0p no 2!! #TolakPolitikUang 💰💰 @budi https://x.co/a?utm=1",
    "am\u200bplop 𝐚𝐦𝐩𝐥𝐨𝐩 ＡＭＰＬＯＰ é",
    "email budi@gmail.com s@ya t4hu $100 $a",
    "bit.ly/abc wa.me/62812 www.kpu.go.id",
    "\\xf0\\x9f\\x98\\x82 lucu\\n baris",
    "anak2 50rb bangeeet",
    "a_@b x__y _z @@b @@@c x@@b _@@d",
    "🇮🇩🇮🇩 merdeka ☀️ 🧧",
    "",
    "   \t\n ",
    "#",
    "@",
    "مرحبا بالعالم ꦲꦏ꧀ꦱꦫ",
    "x" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_normalise_the_same(text: str) -> None:
    assert normalise_column(pl.Series([text])).to_list() == [normalise(text)]


def test_every_nusax_sentence_normalises_the_same() -> None:
    texts = CORPUS.read_text(encoding="utf-8").splitlines()
    assert normalise_column(pl.Series(texts)).to_list() == [normalise(t) for t in texts]


def test_nulls_become_empty_text() -> None:
    assert normalise_column(pl.Series([None, "Halo"], dtype=pl.String)).to_list() == ["", normalise("Halo")]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("aB4@_#$ .:/\\x0é💰🇮🇩\u200bꦲ꧀ٱ²ＡＢ")), max_size=30), max_size=5
    )
)
def test_generated_strings_normalise_the_same(texts: list[str]) -> None:
    # Known difference (fastnorm docstring): an '@' glued to a hashtag or mention ("#pilkada@budi").
    assume(not any(re.search(r"[#@]\w+@", clean(t)) for t in texts))
    assert normalise_column(pl.Series(texts, dtype=pl.String)).to_list() == [normalise(t) for t in texts]
