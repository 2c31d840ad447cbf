"""From texts to the two count matrices of the text model, and the TF-IDF-like scaling it uses.

A block's feature vector for one post is `count ⊙ idf / sqrt(Σ_occurrences idf²)`: TF-IDF with a
norm summed over n-gram occurrences (a repeated n-gram counts once per occurrence), which equals
the usual L2 norm when nothing repeats. Defined this way, scoring needs no per-post unique step:
`score = (counts @ (idf ⊙ w)) / sqrt(counts @ idf²)`, two sparse-dense products per block.
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


def count_parts(occ: Occurrences) -> list[sp.csr_matrix]:
    """Posts × buckets occurrence counts, one CSR matrix per n-gram order, built without sorting.

    Within one order the occurrences are in text order, so their posts ascend and the row pointer is
    a search; repeated n-grams stay as repeated entries (products sum them). Fast path for scoring.
    """
    matrices = []
    rows = np.arange(occ.n_docs + 1)
    for part in occ.part_slices():
        docs = occ.docs[part]
        indptr = np.searchsorted(docs, rows, side="left")
        data = np.ones(len(docs), dtype=np.float32)
        matrices.append(sp.csr_matrix((data, occ.buckets[part], indptr), shape=(occ.n_docs, occ.n_buckets)))
    return matrices


def count_matrix(occ: Occurrences) -> sp.csr_matrix:
    """Posts × buckets occurrence counts (float32), canonical (duplicates summed, indices sorted)."""
    parts = count_parts(occ)
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
    """(word block, char block) count matrices for a batch, with 2**bits buckets per block."""
    return count_matrix(word_occurrences(normalised, bits[0])), count_matrix(char_occurrences(texts, bits[1]))


def inverse_document_frequency(counts: sp.csr_matrix) -> F32:
    """Smoothed idf over the rows given: log((1 + n) / (1 + df)) + 1."""
    present = counts.copy()
    present.data = np.ones_like(present.data)
    df = np.asarray(present.sum(axis=0)).ravel()
    idf: F32 = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
    return idf


def inverse_norms(counts: sp.csr_matrix | Sequence[sp.csr_matrix], idf: F32) -> F32:
    """1 / sqrt(Σ_occurrences idf²) per post (0 for a post with no n-gram); counts may come in parts."""
    parts = counts if isinstance(counts, Sequence) else [counts]
    squares = idf.astype(np.float64) ** 2
    squared = sum(part @ squares for part in parts)
    out = np.zeros(len(squared), dtype=np.float32)
    np.divide(1.0, np.sqrt(squared), out=out, where=squared > 0, casting="unsafe")
    return out


def scaled(counts: sp.csr_matrix, idf: F32) -> sp.csr_matrix:
    """The feature matrix of one block: rows scaled by their inverse norm, columns by idf."""
    return sp.csr_matrix(sp.diags(inverse_norms(counts, idf)) @ counts @ sp.diags(idf))
