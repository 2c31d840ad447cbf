"""detect_batch end to end on the shipped model: categories, evidence, routing, hostile input."""

from __future__ import annotations

import os
import time

import pytest

from awas.detect.context import DetectionContext
from awas.detect.hoax import FactCheck
from awas.detect.pipeline import detect_batch
from awas.domain.accounts import CampaignAccount
from awas.domain.findings import Finding
from awas.domain.posts import Post
from tests.detect.conftest import ContextFactory, make_post


def _by_category(findings: list[Finding]) -> dict[str, Finding]:
    return {f.category: f for f in findings}


def test_money_politics_finding_carries_span_basis_handler_and_paslon(context: DetectionContext) -> None:
    post = make_post(
        "Coblos nomor 2 di pilwako dapat 50rb per kepala, amplop dibagi malam ini", region="15.71"
    )
    finding = _by_category(detect_batch([post], context))["money_politics"]
    assert finding.score >= 0.8
    assert finding.handler == "gakkumdu"
    assert any("187A" in basis for basis in finding.legal_basis)
    assert finding.paslon_id == "pilwako-15.71-2024#2" and finding.election_id == "pilwako-15.71-2024"
    rule = next(e for e in finding.evidence if e.kind == "rule")
    assert rule.start is not None and rule.end is not None
    assert post.text[rule.start : rule.end] == rule.text
    assert "mp.amount_for_vote" in (rule.detail or "")


def test_evidence_spans_point_into_the_original_obfuscated_text(context: DetectionContext) -> None:
    post = make_post("Pilkada: s3r4ng4n  f4j4r udah mulai, siapkan 4mpl0p")
    finding = _by_category(detect_batch([post], context))["money_politics"]
    texts = {e.text for e in finding.evidence if e.kind == "rule"}
    assert "s3r4ng4n  f4j4r" in texts


def test_abusive_text_is_explained_by_its_words(context: DetectionContext) -> None:
    post = make_post("dasar anjing goblok kau, bangsat tolol gak ada otak")
    finding = _by_category(detect_batch([post], context))["abusive"]
    summary = next(e for e in finding.evidence if e.text == "model abusive")
    assert "ambang" in (summary.detail or "")
    words = [e.text.lower() for e in finding.evidence if e.kind == "feature" and e.start is not None]
    assert words and set(words) & {"anjing", "goblok", "bangsat", "tolol"}


def test_neutral_posts_raise_nothing(context: DetectionContext) -> None:
    posts = [
        make_post("Tempoyak ikan patin paling enak di Jambi, mampir ke warung kami ya"),
        make_post("Besok ke TPS ya, gunakan hak pilihmu dengan bijak. Tolak politik uang!"),
        make_post("ASN wajib netral dan dilarang kampanye. Laporkan pelanggaran ke Bawaslu"),
    ]
    assert detect_batch(posts, context) == []


def test_neutrality_finding_names_the_agency_for_the_actor(context: DetectionContext) -> None:
    post = make_post("Para kades dan camat deklarasi dukung paslon nomor 2 di pilbup", region="15.04")
    finding = _by_category(detect_batch([post], context))["official_neutrality"]
    assert finding.details["also_notify"] == ["bkn"]
    assert finding.paslon_id == "pilbup-15.04-2024#2"


def test_administrative_findings_go_to_the_kpu_of_the_race(context: DetectionContext) -> None:
    pilgub = make_post("Khotbah di masjid tadi ajak jamaah coblos nomor 2 untuk gubernur")
    local = make_post("Khotbah di masjid tadi ajak jamaah coblos nomor 2 untuk bupati", region="15.04")
    found = detect_batch([pilgub, local], context)
    handlers = {f.subject_id: f.handler for f in found if f.category == "worship_education_venue"}
    assert handlers == {f"x:{pilgub.post_id}": "kpu_provinsi", f"x:{local.post_id}": "kpu_kabkota"}


def test_registered_account_in_masa_tenang_and_unregistered_campaign_account(
    make_context: ContextFactory,
) -> None:
    account = CampaignAccount("pilgub-15-2024#2", "instagram", "harissani.official", "u110", None, None)
    context = make_context(accounts=[account])
    quiet = make_post(
        "Jangan lupa besok coblos nomor 2 Al Haris Sani!",
        "2024-11-25T19:00:00+07:00",
        platform="instagram",
        author_id="u110",
        author_handle="harissani.official",
    )
    relawan = make_post(
        "Ayo coblos nomor 1 Romi Sudirman untuk gubernur",
        "2024-11-12T08:00:00+07:00",
        platform="facebook",
        author_id="u9",
        author_handle="relawan.romi.sudirman",
    )
    found = detect_batch([quiet, relawan], context)
    categories = {(f.subject_id, f.category) for f in found}
    assert ("instagram:" + quiet.post_id, "off_schedule_campaign") in categories
    assert ("facebook:" + relawan.post_id, "unregistered_campaign_account") in categories
    off = next(f for f in found if f.category == "off_schedule_campaign")
    assert off.score >= 0.9 and any("os.registered_quiet" in (e.detail or "") for e in off.evidence)


def test_hoax_finding_cites_the_fact_check(make_context: ContextFactory) -> None:
    item = FactCheck(
        "tbh",
        "https://example.org/x",
        "[SALAH] Surat suara pilgub sudah dicoblos",
        "Surat suara pilgub Jambi sudah dicoblos sebelum hari pemungutan suara",
        "salah",
    )
    context = make_context(factchecks=[item])
    post = make_post("Beredar kabar surat suara pilgub Jambi sudah dicoblos sebelum hari pemungutan suara")
    finding = _by_category(detect_batch([post], context))["hoax"]
    assert any("https://example.org/x" in (e.detail or "") for e in finding.evidence)


HOSTILE = {
    "empty": "",
    "megabyte": "amplop serangan fajar coblos " * 40_000,
    "binary": os.urandom(200_000).decode("latin-1"),
    "rtl_zero_width": "\u202e\u200f\u200b\u2066 \u200d\ufeff",
    "emoji_only": "😂😂😂🤣🙏🏽👍🏾",
    "urls_only": "https://a.example/x http://b.example www.c.example bit.ly/abc",
    "arabic": "بسم الله الرحمن الرحيم الحمد لله رب العالمين",
    "javanese": "ꦲꦏ꧀ꦱꦫꦗꦮ ꦧꦱꦗꦮ",
    "surrogates": "\ud800\udfff text",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_gives_no_crash_and_bounded_time(context: DetectionContext, name: str) -> None:
    post = make_post(HOSTILE[name])
    started = time.perf_counter()
    found = detect_batch([post], context)
    assert time.perf_counter() - started < 10
    if name != "megabyte":
        assert found == [], [f.category for f in found]
    else:
        assert all(f.details["truncated"] for f in found)


def test_an_empty_batch_gives_nothing(context: DetectionContext) -> None:
    assert detect_batch([], context) == []


def test_batch_results_do_not_depend_on_batch_neighbours(context: DetectionContext) -> None:
    posts: list[Post] = [
        make_post(t) for t in ("dasar goblok", "serangan fajar pilkada besok", "selamat pagi")
    ]
    together = detect_batch(posts, context)
    alone = [f for p in posts for f in detect_batch([p], context)]
    assert [(f.subject_id, f.category, f.score) for f in together] == [
        (f.subject_id, f.category, f.score) for f in alone
    ]


def test_the_context_travels_to_another_process(context: DetectionContext) -> None:
    import pickle

    clone = pickle.loads(pickle.dumps(context))
    post = make_post("Para kades deklarasi dukung paslon nomor 2 di pilbup", region="15.04")
    assert [(f.category, f.score) for f in detect_batch([post], clone)] == [
        (f.category, f.score) for f in detect_batch([post], context)
    ]
