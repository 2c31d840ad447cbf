"""Merkle trees over ledger entry hashes (one tree per day).

Leaf = SHA-256(0x00 || entry hash bytes); node = SHA-256(0x01 || left || right); a level with an odd
node count carries its last node up unchanged. The domain-separation bytes (as in RFC 6962) stop a
leaf from posing as a node. An inclusion proof lists the sibling hashes from leaf to root, each
tagged with the side it sits on, so one entry can be checked against a published root alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def leaf_hash(entry_hash: str) -> bytes:
    return hashlib.sha256(b"\x00" + bytes.fromhex(entry_hash)).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _next_level(level: list[bytes]) -> list[bytes]:
    pairs = [_node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
    return pairs + ([level[-1]] if len(level) % 2 else [])


def merkle_root(entry_hashes: Sequence[str]) -> str:
    """Hex root over the entry hashes in order; ValueError for an empty day."""
    if not entry_hashes:
        raise ValueError("a Merkle root needs at least one entry")
    level = [leaf_hash(h) for h in entry_hashes]
    while len(level) > 1:
        level = _next_level(level)
    return level[0].hex()


def inclusion_proof(entry_hashes: Sequence[str], index: int) -> list[tuple[str, str]]:
    """[(side, sibling hex)] from the leaf at `index` up to the root; side is 'L' or 'R'."""
    level = [leaf_hash(h) for h in entry_hashes]
    proof: list[tuple[str, str]] = []
    while len(level) > 1:
        sibling = index ^ 1
        if sibling < len(level):
            proof.append(("L" if sibling < index else "R", level[sibling].hex()))
        level, index = _next_level(level), index // 2
    return proof


def root_from_proof(entry_hash: str, proof: Sequence[Sequence[str]]) -> str:
    """The root an inclusion proof leads to (compare it with the published root)."""
    current = leaf_hash(entry_hash)
    for side, sibling in proof:
        other = bytes.fromhex(sibling)
        current = _node(other, current) if side == "L" else _node(current, other)
    return current.hex()
