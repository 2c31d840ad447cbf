"""Hashed n-gram features: deterministic across processes, batch-independent, bounded."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from awas.detect.features import char_occurrences, word_occurrences
from awas.detect.vectorise import (
    _first_in_post,
    count_matrices,
    count_matrix,
    inverse_document_frequency,
    inverse_norms,
    one_per_key,
)

TEXTS = ["Ayo coblos nomor 2!", "", "amplop 50rb", "😡😡 bangsat", "ꦲꦏ꧀ꦱꦫ بسم"]


def _rows(texts: list[str]) -> list[list[tuple[int, float]]]:
    word, char = count_matrices(texts, [t.lower() for t in texts])
    matrix = (word.tocsr(), char.tocsr())
    return [
        sorted(zip(m[i].indices.tolist(), m[i].data.tolist(), strict=True))
        for i in range(len(texts))
        for m in matrix
    ]


def test_a_post_gets_the_same_features_alone_or_in_a_batch() -> None:
    batch = _rows(TEXTS)
    alone = [row for text in TEXTS for row in _rows([text])]
    assert batch == alone


def test_buckets_are_the_same_in_another_process() -> None:
    code = (
        "from awas.detect.features import word_occurrences;"
        "print(word_occurrences(['serangan fajar amplop']).buckets.tolist())"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert other.strip() == str(word_occurrences(["serangan fajar amplop"]).buckets.tolist())


def test_word_block_has_unigrams_then_bigrams_within_each_post() -> None:
    occ = word_occurrences(["a b c", "d"])
    assert occ.unigrams == 4
    assert occ.docs.tolist() == [0, 0, 0, 1, 0, 0]


def test_char_block_counts_every_order_and_never_crosses_posts() -> None:
    occ = char_occurrences(["ab", "c"])
    # " ab " → 3 + 2 + 1 grams of orders 2..4 (no 5-gram); " c " → 2 + 1
    assert np.bincount(occ.docs).tolist() == [6, 3]


def test_one_per_key_keeps_exactly_one_of_each_key() -> None:
    rng = np.random.default_rng(7)
    for size in (0, 1, 2, 5, 1000, 50_000):
        # few distinct values, so most keys repeat; large values, so slots collide
        keys = rng.integers(0, max(size // 3, 1), size) * 1_000_003 + 17
        keep = one_per_key(keys)
        assert sorted(keys[keep].tolist()) == np.unique(keys).tolist()


def test_presence_is_exact_for_batches_larger_than_one_key_run() -> None:
    rng = np.random.default_rng(3)
    docs = np.sort(rng.integers(0, 11, 300))
    buckets = rng.integers(0, 5, 300) * (1 << 27)
    keep = _first_in_post(docs, buckets, 1 << 30)  # 4 posts per 32-bit key run: three runs
    pairs = list(zip(docs.tolist(), buckets.tolist(), strict=True))
    kept = [pairs[i] for i in np.flatnonzero(keep)]
    assert len(kept) == len(set(pairs)) and set(kept) == set(pairs)


def test_a_repeated_ngram_counts_once_per_post() -> None:
    word, char = count_matrices(["bodoh bodoh bodoh", "bodoh"], ["bodoh bodoh bodoh", "bodoh"])
    assert set(word.data.tolist()) <= {1.0, 2.0}  # 2 only where a unigram and a bigram share a bucket
    assert word[0].sum() == word[1].sum() + 1  # + the bigram "bodoh bodoh"
    assert char[0].max() <= 2 and char[0].nnz > char[1].nnz


def test_empty_texts_have_no_features_and_zero_norm() -> None:
    counts = count_matrix(word_occurrences(["", "  "]))
    assert counts.nnz == 0
    idf = inverse_document_frequency(counts)
    assert inverse_norms(counts, idf).tolist() == [0.0, 0.0]
