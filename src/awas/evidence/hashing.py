"""Content addresses: `sha256:<hex>`, computed in chunks so a big file is never loaded whole."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import IO

CHUNK = 1024 * 1024
PREFIX = "sha256:"
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def digest_of_hex(hex_digest: str) -> str:
    return PREFIX + hex_digest


def hex_of(digest: str) -> str:
    """The hex part of a `sha256:<hex>` address; ValueError for anything else."""
    if not _DIGEST.match(digest):
        raise ValueError(f"not a sha256 content address: {digest!r}")
    return digest[len(PREFIX) :]


def is_digest(text: str) -> bool:
    return bool(_DIGEST.match(text))


def sha256_stream(stream: IO[bytes]) -> tuple[str, int]:
    """Digest and size of everything left in `stream`, read in 1 MiB chunks."""
    h = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        h.update(chunk)
        size += len(chunk)
    return digest_of_hex(h.hexdigest()), size


def sha256_file(path: Path) -> tuple[str, int]:
    with path.open("rb") as fh:
        return sha256_stream(fh)


def sha256_bytes(data: bytes) -> str:
    return digest_of_hex(hashlib.sha256(data).hexdigest())
