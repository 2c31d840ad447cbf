"""Vectorised MinHash over word 2-shingles of normalised text, and LSH band keys.

Word hashes come from Polars (vectorised, seeded), then fixed 64-bit mixing. Signatures and
bucket keys are stored for incremental runs, so the store's settings fingerprint includes the
Polars version: an upgrade that changed the hash makes the next run rebuild.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
WORD_SEED = 8
_CHUNK = 1 << 16  # shingles per block: 2^16 x 64 hashes x 4 bytes = 16 MB of scratch per thread


def shingles(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(document index, shingle hash) for every word 2-shingle of each text, documents contiguous.

    `texts` are normalised (lowercase words separated by single spaces); a one-word text yields its
    word as its only shingle. Word hashes are Polars' (seeded, stable within one Polars version;
    the store's settings fingerprint includes that version). Returns int64 and uint64 arrays.
    """
    words = (
        pl.DataFrame({"w": texts})
        .with_row_index("doc")
        .select(
            pl.col("doc").cast(pl.Int64),
            pl.col("w").str.split(" ").list.eval(pl.element().filter(pl.element() != "").hash(WORD_SEED)),
        )
        .explode("w")
        .drop_nulls("w")
    )
    return _bigrams(words["doc"].to_numpy(), words["w"].to_numpy())


def _bigrams(doc: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    same = doc[1:] == doc[:-1]
    pair = _mix(h[:-1], h[1:])[same]
    pair_doc = doc[1:][same]
    # Documents of a single word keep that word as their shingle.
    counts = np.bincount(doc, minlength=int(doc.max()) + 1 if doc.size else 0)
    single = np.isin(doc, np.flatnonzero(counts == 1))
    all_doc = np.concatenate([pair_doc, doc[single]])
    all_h = np.concatenate([pair, h[single]])
    order = np.argsort(all_doc, kind="stable")
    return all_doc[order], all_h[order]


def _mix(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = (left * _MIX1) ^ ((right << np.uint64(17)) | (right >> np.uint64(47)))
        x = (x ^ (x >> np.uint64(31))) * _MIX2
        return x ^ (x >> np.uint64(29))


def hash_parameters(num_hashes: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Odd multipliers and offsets of the 32-bit hash family (fixed by `seed`)."""
    rng = np.random.default_rng(seed)
    a = (rng.integers(1, 2**32, size=num_hashes, dtype=np.uint64) | np.uint64(1)).astype(np.uint32)
    b = rng.integers(0, 2**32, size=num_hashes, dtype=np.uint64).astype(np.uint32)
    return a, b


def signatures(doc: np.ndarray, h: np.ndarray, n_docs: int, num_hashes: int) -> np.ndarray:
    """MinHash signatures, shape (n_docs, num_hashes), uint32; `doc` sorted, every 0..n-1 present.

    Each hash is `a*x + b` mod 2^32 followed by an xor-shift, on the 32-bit fold of the shingle
    hash: 32-bit lanes halve memory traffic against 64-bit ones, which is what bounds this loop.
    Blocks of about `_CHUNK` shingles keep scratch memory small and run on two threads (NumPy
    releases the GIL inside its loops).
    """
    if n_docs == 0:
        return np.zeros((0, num_hashes), dtype=np.uint32)
    a, b = hash_parameters(num_hashes)
    x = (h >> np.uint64(32)).astype(np.uint32) ^ h.astype(np.uint32)
    starts = np.searchsorted(doc, np.arange(n_docs))
    out = np.empty((n_docs, num_hashes), dtype=np.uint32)

    def run(block: tuple[int, int]) -> None:
        lo, hi = block
        first = int(starts[lo])
        end = int(starts[hi]) if hi < n_docs else doc.size
        values = x[first:end, None] * a[None, :]
        values += b[None, :]
        values ^= values >> np.uint32(15)
        out[lo:hi] = np.minimum.reduceat(values, starts[lo:hi] - first, axis=0)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, _block_cuts(starts, doc.size)))
    return out


def _block_cuts(starts: np.ndarray, total: int) -> list[tuple[int, int]]:
    """Document ranges [lo, hi) of about _CHUNK shingles each."""
    bounds = np.searchsorted(starts, np.arange(0, total, _CHUNK), side="left")
    edges = sorted(set(bounds.tolist()) | {0, starts.size})
    return [(lo, hi) for lo, hi in zip(edges[:-1], edges[1:], strict=True) if hi > lo]


def band_keys(sig: np.ndarray, bands: int) -> np.ndarray:
    """One 63-bit key per (document, band): the band's rows hashed with the band number."""
    n, k = sig.shape
    rows = k // bands
    keys = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            keys = _mix(keys ^ np.uint64(r), sig[:, r::rows][:, :bands].astype(np.uint64))
        keys = _mix(keys, np.arange(bands, dtype=np.uint64)[None, :])
    return (keys >> np.uint64(1)).astype(np.int64)


def estimated_jaccard(sig: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Share of equal signature rows between documents `left[i]` and `right[i]`."""
    return np.asarray((sig[left] == sig[right]).mean(axis=1), dtype=np.float64)
