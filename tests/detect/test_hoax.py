"""Fact-check store import and claim matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from awas.detect.factcheck_store import load_factchecks, read_factchecks, store_factchecks
from awas.detect.features import char_occurrences, word_occurrences
from awas.detect.hoax import MATCH_THRESHOLD, FactCheck, HoaxIndex
from awas.detect.vectorise import count_matrices, count_parts
from awas.errors import InputError
from awas.text import normalise

ITEMS = [
    FactCheck(
        "tbh",
        "https://example.org/1",
        "[SALAH] Surat suara pilgub Jambi sudah dicoblos",
        "Surat suara pilgub Jambi sudah dicoblos sebelum hari pemungutan suara di gudang KPU",
        "salah",
    ),
    FactCheck(
        "tbh",
        "https://example.org/2",
        "[HOAKS] Wajib KTP elektronik cetakan 2024",
        "Pemilih tanpa KTP elektronik cetakan 2024 tidak boleh mencoblos",
        "hoaks",
    ),
]


def _match(index: HoaxIndex, texts: list[str]) -> list[FactCheck | None]:
    parts = {
        "word": count_parts(word_occurrences([normalise(t) for t in texts])),
        "char": count_parts(char_occurrences(texts)),
    }
    return [m.factcheck if m else None for m in index.match(parts)]


def test_a_post_repeating_a_checked_claim_matches_it_even_misspelt() -> None:
    index = HoaxIndex(ITEMS)
    found = _match(
        index, ["Beredar: surat suara pilgub jambi udh dicoblos sblm hari pemungutan suara!!", "halo"]
    )
    assert found == [ITEMS[0], None]


def test_unrelated_posts_stay_below_the_threshold() -> None:
    index = HoaxIndex(ITEMS)
    texts = ["Harga cabai di pasar Angso Duo naik", "Ayo ke TPS tanggal 27 November"]
    word, char = count_matrices(texts, [normalise(t) for t in texts])
    sims = index.similarities({"word": word, "char": char}).toarray()
    assert (sims < MATCH_THRESHOLD).all()


def test_an_empty_store_matches_nothing() -> None:
    assert _match(HoaxIndex([]), ["surat suara sudah dicoblos"]) == [None]


def test_csv_and_json_exports_are_read(tmp_path: Path) -> None:
    csv_file = tmp_path / "tbh.csv"
    csv_file.write_text(
        "link,judul,narasi,kategori,tanggal\nhttps://e.org/a,Judul A,Klaim A,salah,2024-11-02\n"
    )
    json_file = tmp_path / "cek.json"
    json_file.write_text(json.dumps({"items": [{"url": "https://e.org/b", "title": "Judul B"}]}))
    (a,) = read_factchecks(csv_file)
    (b,) = read_factchecks(json_file)
    assert (a.source, a.claim, a.verdict, a.published_at is not None) == ("tbh", "Klaim A", "salah", True)
    assert (b.source, b.claim, b.verdict) == ("cek", "Judul B", "hoaks")


@pytest.mark.parametrize(
    ("content", "suffix", "needle"),
    [
        ("url,title\n,Judul tanpa url\n", ".csv", ":1 [url]"),
        ("url,title,date\nhttps://e.org,T,kemarin\n", ".csv", ":1 [published_at]"),
        ("url,title,date\nhttps://e.org,T,2024-11-02T10:00:00\n", ".csv", "zona waktu"),
        ('[{"url": "https://e.org"', ".json", "JSON tidak sah"),
        ('{"a": 1}', ".json", "daftar item"),
        ("url,title\n", ".csv", "tidak ada item"),
        ("\udcff", ".csv", "UTF-8"),
    ],
)
def test_bad_exports_are_refused_naming_record_and_field(
    tmp_path: Path, content: str, suffix: str, needle: str
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content.encode("utf-8", errors="surrogateescape"))
    with pytest.raises(InputError) as caught:
        read_factchecks(path)
    assert needle in str(caught.value)


def test_import_is_idempotent_and_updates_changed_items(app: App) -> None:
    assert store_factchecks(app.db, ITEMS) == (2, 0)
    assert store_factchecks(app.db, ITEMS) == (0, 0)
    changed = [ITEMS[0], FactCheck("tbh", ITEMS[1].url, ITEMS[1].title, "klaim baru", "hoaks")]
    assert store_factchecks(app.db, changed) == (0, 1)
    assert [f.claim for f in load_factchecks(app.db)] == [ITEMS[0].claim, "klaim baru"]
