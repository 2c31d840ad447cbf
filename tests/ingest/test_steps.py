"""The intake steps as batch functions: normalisation, URLs, language, regions, duplicates, campaign."""

from __future__ import annotations

import csv
import math
import random
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from awas.app import App
from awas.domain.posts import Post
from awas.ingest.frame import posts_to_frame
from awas.ingest.steps.campaign_step import CampaignLexicon, campaign_signal
from awas.ingest.steps.dedupe_step import duplicate_keys
from awas.ingest.steps.language_step import (
    FAMILY,
    MALAY_CONFIDENCE,
    MIN_KNOWN_WORDS,
    REGIONAL_MARGIN,
    decision,
    identify_language,
)
from awas.ingest.steps.normalise_step import normalise_unicode
from awas.ingest.steps.pipeline import IntakeContext, run_intake
from awas.ingest.steps.regions_step import Gazetteer, attribute_regions
from awas.ingest.steps.urls_step import canonical_url, canonicalise_urls

NUSAX = Path(__file__).parent / "data" / "nusax"


def _posts(*texts: str, **fields: object) -> pl.DataFrame:
    when = datetime(2024, 11, 25, 14, tzinfo=UTC)
    return posts_to_frame(
        [
            Post(platform="x", post_id=str(i), author_id="a", text=t, created_at=when, **fields)  # type: ignore[arg-type]
            for i, t in enumerate(texts)
        ]
    )


def test_unicode_look_alikes_and_invisible_characters_are_normalised() -> None:
    out = normalise_unicode(_posts("Coblos 𝐇𝐚𝐫𝐢𝐬\u200b-Ｓａｎｉ\r\nno 2", author_handle="@Warga"))
    assert out["text"][0] == "Coblos Haris-Sani\nno 2"
    assert out["author_handle"][0] == "Warga"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.com:443/a?utm_source=wa&id=3#top", "https://www.example.com/a?id=3"),
        ("https://youtu.be/abc?si=XYZ&t=10", "https://youtu.be/abc?t=10"),
        ("https://x.com/a/status/1?s=20&t=abc", "https://x.com/a/status/1"),
        (
            "https://www.facebook.com/story.php?story_fbid=1&id=2&fbclid=IwAR0",
            "https://www.facebook.com/story.php?story_fbid=1&id=2",
        ),
        ("http://example.com:8080", "http://example.com:8080/"),
        ("bukan url", "bukan url"),
    ],
)
def test_urls_lose_tracking_parameters(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_links_in_text_are_collected_and_shorteners_recorded() -> None:
    out = canonicalise_urls(
        _posts("lihat https://s.id/Abc?utm_medium=wa dan https://bit.ly/x.", urls=("https://Bit.ly/x",))
    )
    assert out["urls"][0].to_list() == ["https://bit.ly/x", "https://s.id/Abc"]
    assert out["shorteners"][0].to_list() == ["bit.ly", "s.id"]


def _nusax(language: str) -> list[str]:
    with (NUSAX / language / "test.csv").open(encoding="utf-8") as fh:
        return [r["text"] for r in csv.DictReader(fh)]


@pytest.mark.parametrize(
    ("folder", "code", "floor"),
    [("indonesian", "id", 0.97), ("javanese", "jv", 0.95), ("minangkabau", "min", 0.95)],
)
def test_language_identification_on_the_nusax_test_split(folder: str, code: str, floor: float) -> None:
    texts = _nusax(folder)
    found = Counter(identify_language(_posts(*texts))["lang"].to_list())
    assert found[code] / len(texts) >= floor, found.most_common(4)


def test_language_keeps_a_given_code_and_names_english_and_malay() -> None:
    out = identify_language(
        pl.concat(
            [
                _posts(
                    "Kerajaan negeri akan memberi bantuan kepada rakyat yang terjejas banjir minggu lepas"
                ),
                _posts("The governor candidates debated infrastructure in Jambi tonight"),
                _posts("teks apapun", lang="jv"),
                _posts(""),
            ]
        )
    )
    assert out["lang"].to_list() == ["ms", "en", "jv", "und"]


def _decide_one(broad: str, p: float, known: int, malay: int, scores: dict[str, float]) -> tuple[str, float]:
    """The per-text rules as first written (a Python loop), the oracle for the vectorised `decision`."""
    if broad not in FAMILY and p >= 0.5 or known < MIN_KNOWN_WORDS:
        return (broad, p) if p >= 0.3 else ("und", p)
    best = max(scores, key=scores.__getitem__)
    total = sum(math.exp(s - scores[best]) for s in scores.values())
    if best != "id" and scores[best] - scores["id"] >= REGIONAL_MARGIN:
        return best, 1 / total
    if broad == "ms" and (p >= MALAY_CONFIDENCE or malay and p >= 0.5):
        return "ms", p
    return "id", math.exp(scores["id"] - scores[best]) / total


def test_vectorised_language_decision_matches_the_per_text_rules() -> None:
    rng = random.Random(7)
    classes = ["id", "jv", "min"]
    cases = []
    for _ in range(3000):
        base = rng.uniform(-80, -5)
        scores = [base + rng.choice([0.0, 1.0, 2.0, 2.5, -3.0, rng.uniform(-4, 4)]) for _ in classes]
        if rng.random() < 0.1:
            scores[1] = scores[0]  # ties go to the first class, as max() does
        broad = rng.choice(["id", "ms", "jv", "en", "ar", "und", "su"])
        p = rng.choice([0.2, 0.3, 0.5, 0.89, 0.9, 0.97, rng.random()])
        cases.append((broad, p, rng.randint(0, 6), rng.choice([0, 0, 1, 2]), *scores))
    frame = pl.DataFrame(cases, schema=["_broad", "_broad_p", "known", "malay", *classes], orient="row")
    lang, score = decision(classes)
    got = frame.select(lang.alias("lang"), score.alias("score")).rows()
    for case, (found, value) in zip(cases, got, strict=True):
        expected, expected_score = _decide_one(*case[:4], dict(zip(classes, case[4:], strict=True)))
        assert found == expected, case
        assert value == pytest.approx(expected_score, rel=1e-12), case


@pytest.fixture
def gazetteer(app: App) -> Gazetteer:
    return Gazetteer.build(app.reference.regions.values())


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Kampanye di Desa Pematang Pulai, Kecamatan Sekernan", "15.05.02.2004"),
        ("Banjir di Kota Jambi", "15.71"),
        ("Warga Tanjabtim siap nyoblos", "15.07"),
        ("Relawan di Sekernan", "15.05.02"),
        ("Warga Kerinci dan Merangin bersatu", "15"),
        ("Bagi-bagi amplop di Mekar Jaya", None),
        ("Sembako dibagi di Desa Mekar Jaya kec. Sungai Gelam", "15.05.08.2013"),
        ("Jambi damai", None),
    ],
)
def test_regions_are_attributed_with_ambiguity_handled(
    gazetteer: Gazetteer, text: str, region: str | None
) -> None:
    out = attribute_regions(_posts(text), gazetteer)
    assert out["region"][0] == region


def test_an_ambiguous_name_keeps_every_candidate(gazetteer: Gazetteer) -> None:
    out = attribute_regions(_posts("Bagi-bagi amplop di Mekar Jaya"), gazetteer)
    assert len(out["region_candidates"][0]) == 7


def test_a_region_given_by_the_source_wins(gazetteer: Gazetteer) -> None:
    assert (
        attribute_regions(_posts("Banjir di Kota Jambi", region="15.09"), gazetteer)["region"][0] == "15.09"
    )


def test_duplicates_exact_and_near_exact() -> None:
    out = duplicate_keys(
        _posts(
            "Rakyat Jambi jangan diam! Pilkada ini sudah diatur https://s.id/a #Curang",
            "rakyat jambi jangan diam!!! pilkada ini sudah diatur https://bit.ly/b 🙏",
            "Rakyat Jambi jangan diam! Pilkada ini sudah diatur https://s.id/a #Curang",
            "mantap",
            "mantap",
        )
    )
    assert out["text_sha256"][0] == out["text_sha256"][2] != out["text_sha256"][1]
    assert out["duplicate_of"].to_list() == [None, "x:0", "x:0", None, None]


def test_campaign_signal_needs_a_paslon_and_campaign_words(app: App) -> None:
    lexicon = CampaignLexicon.build(app.reference.paslon.items())
    out = campaign_signal(
        _posts(
            "Ayo coblos nomor urut 2, Al Haris - Sani untuk Jambi!",
            "Romi Sudirman hadir di pengajian",
            "Coblos yang benar ya, jangan golput",
            "harga karet turun lagi",
        ),
        lexicon,
    )
    assert out["campaign"].to_list() == [True, False, False, False]
    assert sorted(out["campaign_terms"][0].to_list()) == ["kata:coblos", "nomor:2", "paslon:pilgub-15-2024#2"]


def test_the_whole_pipeline_is_a_pure_batch_function(app: App) -> None:
    ctx = IntakeContext.load(app.db, app.reference)
    batch = _posts("Ayo coblos nomor 1 Maulana - Diza di Kota Jambi https://s.id/x?utm_source=wa")
    out = run_intake(batch, ctx)
    row = out.row(0, named=True)
    assert (row["lang"], row["region"], row["campaign"], row["shorteners"]) == ("id", "15.71", True, ["s.id"])
    assert out.height == batch.height and set(batch.columns) <= set(out.columns)
