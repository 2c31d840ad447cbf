"""Hashed n-gram features computed for a whole batch at once with numpy (no per-post Python loop).

Two blocks, each a bag of hashed n-grams:
- `word`: unigrams and bigrams of the normalised text (`awas.text.normalise`);
- `char`: character 2–5-grams of the lightly cleaned, lowercased original text (punctuation, shouting
  marks and emoji survive here; they carry signal the normaliser removes). Single characters are
  left out: they scored the same as 1–5-grams in cross-validation and are a fifth of the work.

Hashes are polynomial hashes mod 2**32 over code points, so they are the same in every process and
on every platform (Python's `hash` is salted per process). A batch becomes one code-point array;
n-grams never cross post boundaries. `occurrences` returns, per block, the bucket of every n-gram
occurrence and the post it belongs to, from which both training (a sparse matrix) and scoring
(gathers and segment sums) are built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from awas.text.chars import clean

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

_PRIME = np.uint32(0x01000193)
_PRIME_INV = np.uint32(pow(0x01000193, -1, 2**32))
_SEPARATOR = "\x00"
_SPACE = 32
WORD_BUCKETS_BITS = 18
CHAR_BUCKETS_BITS = 18
CHAR_ORDERS = (2, 3, 4, 5)
_ORDER_SALT = {n: np.uint32((0x9E3779B1 * n) & 0xFFFFFFFF) for n in (1, 2, 3, 4, 5, 11, 12)}


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Every n-gram occurrence of one block: its hash bucket and the index of its post."""

    buckets: I64
    docs: I64
    n_docs: int
    n_buckets: int
    unigrams: int = 0  # word block: the first `unigrams` occurrences are the words, in text order
    parts: tuple[int, ...] = ()  # offsets of the parts (one per n-gram order) within which docs ascend

    def part_slices(self) -> list[slice]:
        bounds = self.parts or (0, len(self.buckets))
        return [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _code_points(texts: Sequence[str]) -> U32:
    joined = _SEPARATOR + _SEPARATOR.join(texts) + _SEPARATOR
    codes: U32 = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    return codes


def _doc_index(codes: U32) -> I64:
    """For every position, the post it belongs to (separators belong to the post before them)."""
    return (np.cumsum(codes == 0) - 1).astype(np.int64)


def _mix(values: U32) -> U32:
    # A cheap avalanche step so that nearby polynomial hashes land in unrelated buckets.
    mixed = values ^ (values >> np.uint32(16))
    mixed = mixed * np.uint32(0x45D9F3B)
    result: U32 = mixed ^ (mixed >> np.uint32(16))
    return result


def char_occurrences(texts: Sequence[str], bits: int = CHAR_BUCKETS_BITS) -> Occurrences:
    """Character 2–5-grams (`CHAR_ORDERS`) of `" " + lowercase(clean(text)) + " "` for every text."""
    codes = _code_points([f" {clean(t).lower()} " for t in texts])
    docs = _doc_index(codes)
    mask_bits = np.uint32((1 << bits) - 1)
    all_buckets: list[I64] = []
    all_docs: list[I64] = []
    rolling = np.zeros(len(codes), dtype=np.uint32)
    valid = np.ones(len(codes), dtype=bool)
    for n in range(1, max(CHAR_ORDERS) + 1):
        end = len(codes) - n + 1
        rolling = rolling[:end] * _PRIME + codes[n - 1 :]
        valid = valid[:end] & (codes[n - 1 :] != 0)
        if n in CHAR_ORDERS:
            all_buckets.append((_mix(rolling[valid] ^ _ORDER_SALT[n]) & mask_bits).astype(np.int64))
            all_docs.append(docs[:end][valid])
    parts = tuple(np.cumsum([0] + [len(b) for b in all_buckets]).tolist())
    return Occurrences(np.concatenate(all_buckets), np.concatenate(all_docs), len(texts), 1 << bits, 0, parts)


def word_occurrences(normalised: Sequence[str], bits: int = WORD_BUCKETS_BITS) -> Occurrences:
    """Word unigrams and bigrams of already-normalised texts (words separated by single spaces)."""
    codes = _code_points(normalised)
    boundary = (codes == 0) | (codes == _SPACE)
    word_hash, word_doc = _word_hashes(codes, boundary)
    mask_bits = np.uint32((1 << bits) - 1)
    unigrams = (_mix(word_hash ^ _ORDER_SALT[11]) & mask_bits).astype(np.int64)
    same_doc = word_doc[1:] == word_doc[:-1]
    pairs = word_hash[:-1][same_doc] * _PRIME + _mix(word_hash[1:][same_doc])
    bigrams = (_mix(pairs ^ _ORDER_SALT[12]) & mask_bits).astype(np.int64)
    return Occurrences(
        np.concatenate([unigrams, bigrams]),
        np.concatenate([word_doc, word_doc[:-1][same_doc]]),
        len(normalised),
        1 << bits,
        len(unigrams),
        (0, len(unigrams), len(unigrams) + len(bigrams)),
    )


def _word_hashes(codes: U32, boundary: npt.NDArray[np.bool_]) -> tuple[U32, I64]:
    """Polynomial hash of every word via prefix sums: H[i] = P**i * cumsum(c[j] * P**-j)."""
    n = len(codes)
    powers = np.cumprod(np.full(n, _PRIME, dtype=np.uint32), dtype=np.uint32)
    inverse = np.cumprod(np.full(n, _PRIME_INV, dtype=np.uint32), dtype=np.uint32)
    prefix = powers * np.cumsum(codes * inverse, dtype=np.uint32)
    bounds = np.flatnonzero(boundary)
    starts, ends = bounds[:-1], bounds[1:]
    keep = ends - starts > 1  # empty stretches between two boundaries are not words
    starts, ends = starts[keep], ends[keep]
    # hash(word in (start, end)) = H[end-1] - H[start] * P**(end-1-start)
    length_power = powers[ends - 1 - starts - 1]
    hashes = prefix[ends - 1] - prefix[starts] * length_power
    docs = (np.cumsum(codes == 0) - 1)[starts].astype(np.int64)
    return hashes.astype(np.uint32), docs
