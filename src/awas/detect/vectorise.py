"""From texts to the two presence matrices of the text model, and the TF-IDF scaling it uses.

A block's feature vector for one post is `presence ⊙ idf / sqrt(Σ idf²)`: binary TF-IDF, L2-normed,
where an n-gram counts once per post however often it repeats (measured: binary presence beats raw
counts by 1 point of Netifier macro-F1, because long Kaskus posts repeat n-grams heavily; see the
model card). Scoring is `score = (presence @ (idf ⊙ w)) / sqrt(presence @ idf²)`, two sparse-dense
products per block. Presence is computed per n-gram order ("part"); two orders hashed to the same
bucket add up (a hash collision, identical in training and scoring).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from awas.detect.features import (
    CHAR_BUCKETS_BITS,
    WORD_BUCKETS_BITS,
    Occurrences,
    char_occurrences,
    word_occurrences,
)

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
_GOLDEN = np.uint32(0x9E3779B1)


def one_per_key(keys: I64) -> npt.NDArray[np.bool_]:
    """True for exactly one occurrence (any one) of every distinct key, without sorting; keys < 2**32.

    An open hash table written with fancy indexing: each slot keeps one writer; an occurrence whose
    slot holds another occurrence of the same key is a repeat; one whose slot holds a different key
    (a collision) is retried in the next round with a new salt, so the result is exact. Linear time;
    32-bit keys and slots (a batch's post × bucket keys fit) halve the memory traffic.
    """
    keep = np.ones(len(keys), dtype=bool)
    if len(keys) < 2:
        return keep
    bits = int(len(keys) - 1).bit_length() + 1
    shift = np.uint32(32 - bits)
    table = np.empty(1 << bits, dtype=np.int32)
    values = keys.astype(np.uint32)
    pending = np.arange(len(keys), dtype=np.int32)
    pending_values = values
    salt = np.uint32(0)
    with np.errstate(over="ignore"):  # the multiplicative hash wraps around on purpose
        while len(pending):
            slots = (pending_values + salt) * _GOLDEN >> shift
            table[slots] = pending
            holder = table[slots]
            same = values[holder] == pending_values
            keep[pending[same & (holder != pending)]] = False
            pending = pending[~same]
            pending_values = values[pending]
            salt = salt + _GOLDEN
    return keep


def count_parts(occ: Occurrences) -> list[sp.csr_matrix]:
    """Posts × buckets presence (0/1), one CSR matrix per n-gram order, built without sorting.

    Within one order the occurrences are in text order, so their posts ascend and the row pointer is
    a search; only the first occurrence of an n-gram in a post is kept. Fast path for scoring.
    """
    matrices = []
    rows = np.arange(occ.n_docs + 1)
    for part in occ.part_slices():
        docs, buckets = occ.docs[part], occ.buckets[part]
        first = _first_in_post(docs, buckets, occ.n_buckets)
        docs, buckets = docs[first], buckets[first]
        indptr = np.searchsorted(docs, rows, side="left")
        data = np.ones(len(docs), dtype=np.float32)
        matrices.append(sp.csr_matrix((data, buckets, indptr), shape=(occ.n_docs, occ.n_buckets)))
    return matrices


def _first_in_post(docs: I64, buckets: I64, n_buckets: int) -> npt.NDArray[np.bool_]:
    """One occurrence of each bucket within each post, for one part (posts ascending).

    post × bucket keys must fit 32 bits, so the part is cut into runs of 2**32 / n_buckets posts
    (one run for any batch of up to 16,384 posts at 2**18 buckets).
    """
    span = (1 << 32) // n_buckets
    if len(docs) == 0:
        return np.ones(0, dtype=bool)
    cuts = np.searchsorted(docs, np.arange(0, int(docs[-1]) + span + 1, span))
    keep = np.ones(len(docs), dtype=bool)
    for start, end in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True):
        if end > start:
            local = (docs[start:end] - docs[start]) * n_buckets + buckets[start:end]
            keep[start:end] = one_per_key(local)
    return keep


def count_matrix(occ: Occurrences) -> sp.csr_matrix:
    """Posts × buckets presence summed over the orders (float32), canonical (indices sorted)."""
    return sum_parts(count_parts(occ))


def sum_parts(parts: list[sp.csr_matrix]) -> sp.csr_matrix:
    """The sum of same-shaped sparse parts, canonical (duplicates summed, indices sorted)."""
    matrix = parts[0]
    for part in parts[1:]:
        matrix = matrix + part
    matrix = sp.csr_matrix(matrix)
    matrix.sum_duplicates()
    return matrix


def count_matrices(
    texts: Sequence[str],
    normalised: Sequence[str],
    bits: tuple[int, int] = (WORD_BUCKETS_BITS, CHAR_BUCKETS_BITS),
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(word block, char block) presence matrices for a batch, with 2**bits buckets per block."""
    return count_matrix(word_occurrences(normalised, bits[0])), count_matrix(char_occurrences(texts, bits[1]))


def inverse_document_frequency(counts: sp.csr_matrix) -> F32:
    """Smoothed idf over the rows given: log((1 + n) / (1 + df)) + 1."""
    present = counts.copy()
    present.data = np.ones_like(present.data)
    df = np.asarray(present.sum(axis=0)).ravel()
    idf: F32 = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
    return idf


def inverse_norms(counts: sp.csr_matrix | Sequence[sp.csr_matrix], idf: F32) -> F32:
    """1 / sqrt(Σ idf²) over a post's n-grams (0 for a post with none); counts may come in parts."""
    parts = counts if isinstance(counts, Sequence) else [counts]
    squares = idf.astype(np.float64) ** 2
    squared = sum(part @ squares for part in parts)
    out = np.zeros(len(squared), dtype=np.float32)
    np.divide(1.0, np.sqrt(squared), out=out, where=squared > 0, casting="unsafe")
    return out


def scaled(counts: sp.csr_matrix, idf: F32) -> sp.csr_matrix:
    """The feature matrix of one block: rows scaled by their inverse norm, columns by idf."""
    return sp.csr_matrix(sp.diags(inverse_norms(counts, idf)) @ counts @ sp.diags(idf))
