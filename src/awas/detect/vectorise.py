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

from awas.detect.features import Occurrences, char_occurrences, word_occurrences

F32 = npt.NDArray[np.float32]


def count_matrix(occ: Occurrences) -> sp.csr_matrix:
    """Posts × buckets occurrence counts (float32)."""
    data = np.ones(len(occ.buckets), dtype=np.float32)
    matrix = sp.csr_matrix((data, (occ.docs, occ.buckets)), shape=(occ.n_docs, occ.n_buckets))
    matrix.sum_duplicates()
    return matrix


def count_matrices(texts: Sequence[str], normalised: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(word block, char block) count matrices for a batch."""
    return count_matrix(word_occurrences(normalised)), count_matrix(char_occurrences(texts))


def inverse_document_frequency(counts: sp.csr_matrix) -> F32:
    """Smoothed idf over the rows given: log((1 + n) / (1 + df)) + 1."""
    present = counts.copy()
    present.data = np.ones_like(present.data)
    df = np.asarray(present.sum(axis=0)).ravel()
    idf: F32 = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
    return idf


def inverse_norms(counts: sp.csr_matrix, idf: F32) -> F32:
    """1 / sqrt(Σ_occurrences idf²) per post (0 for a post with no n-gram)."""
    squared = counts @ (idf.astype(np.float64) ** 2)
    out = np.zeros(len(squared), dtype=np.float32)
    np.divide(1.0, np.sqrt(squared), out=out, where=squared > 0, casting="unsafe")
    return out


def scaled(counts: sp.csr_matrix, idf: F32) -> sp.csr_matrix:
    """The feature matrix of one block: rows scaled by their inverse norm, columns by idf."""
    return sp.csr_matrix(sp.diags(inverse_norms(counts, idf)) @ counts @ sp.diags(idf))
