"""Hoax matching: posts are compared with claims already checked by fact-checkers.

The store (`detect_factchecks`) holds items imported from CSV or JSON exports (TurnBackHoax, CekFakta,
Komdigi...): url, title, claim, verdict, published date, source. A post is matched against every
claim by TF-IDF cosine similarity over the text model's own word (normalised) and character n-gram
blocks, so spelling variants still meet. A match at or above `MATCH_THRESHOLD` raises `hoax` and
cites the fact-check; it does not decide truth by itself (a post debunking the hoax matches too,
which is why a reviewer confirms it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from awas.detect.features import CHAR_BUCKETS_BITS, WORD_BUCKETS_BITS
from awas.detect.vectorise import count_matrices, inverse_document_frequency, inverse_norms, sum_parts
from awas.text import normalise

MATCH_THRESHOLD = 0.45
PREFILTER_THRESHOLD = (
    0.2  # word-only similarity (upper-bounds the match of most posts) below which no claim is near
)


@dataclass(frozen=True, slots=True)
class FactCheck:
    source: str
    url: str
    title: str
    claim: str
    verdict: str
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class HoaxMatch:
    factcheck: FactCheck
    similarity: float


def _l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(inverse) @ matrix)


class HoaxIndex:
    """Claims of the fact-check store, vectorised once; `match` scores a batch of posts."""

    def __init__(
        self, items: Sequence[FactCheck], bits: tuple[int, int] = (WORD_BUCKETS_BITS, CHAR_BUCKETS_BITS)
    ) -> None:
        self.items = tuple(items)
        texts = [f"{item.title} {item.claim}" for item in self.items]
        word, char = count_matrices(texts, [normalise(t) for t in texts], bits)
        self._idf = {"word": inverse_document_frequency(word), "char": inverse_document_frequency(char)}
        self._claims = {
            "word": self._tfidf(word, "word").T.tocsr(),
            "char": self._tfidf(char, "char").T.tocsr(),
        }
        self._prefilter = sp.csr_matrix(sp.diags(self._idf["word"]) @ self._claims["word"])

    def _tfidf(self, counts: sp.csr_matrix, block: str) -> sp.csr_matrix:
        return _l2_rows(sp.csr_matrix(counts @ sp.diags(self._idf[block])))

    def similarities(self, counts: dict[str, sp.csr_matrix]) -> sp.csr_matrix:
        """Posts × claims cosine similarity (mean of the word and character blocks), sparse."""
        rows = next(iter(counts.values())).shape[0]
        if not self.items:
            return sp.csr_matrix((rows, 0))
        word = self._tfidf(counts["word"], "word") @ self._claims["word"]
        char = self._tfidf(counts["char"], "char") @ self._claims["char"]
        return sp.csr_matrix((word + char) * 0.5)

    def match(self, parts: dict[str, list[sp.csr_matrix]]) -> list[HoaxMatch | None]:
        """The best fact-check per post when its similarity reaches MATCH_THRESHOLD, else None.

        `parts` are the batch's count matrices per block in parts (`vectorise.count_parts`). A cheap
        word-only similarity picks the candidate posts; only those get the exact similarity.
        """
        rows = parts["word"][0].shape[0]
        found: list[HoaxMatch | None] = [None] * rows
        if not self.items:
            return found
        approx = sum(p @ self._prefilter for p in parts["word"])
        ceiling = np.asarray(sp.csr_matrix(approx).max(axis=1).todense()).ravel()
        ceiling *= inverse_norms(parts["word"], self._idf["word"])
        candidates = np.flatnonzero(ceiling >= PREFILTER_THRESHOLD)
        if len(candidates) == 0:
            return found
        exact = {block: sum_parts([p[candidates] for p in parts[block]]) for block in ("word", "char")}
        sims = self.similarities(exact)
        best = np.asarray(sims.argmax(axis=1)).ravel()
        score = np.asarray(sims.max(axis=1).todense()).ravel()
        for position, row in enumerate(candidates):
            if score[position] >= MATCH_THRESHOLD:
                found[row] = HoaxMatch(self.items[int(best[position])], float(score[position]))
        return found
