"""The vault: put files in by content, read them back, hand out working copies.

A working copy is never the evidence copy: `copy_out` writes a separate, writable file; the stored
object stays read-only and is only ever read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from awas.evidence.config import EvidenceSettings
from awas.evidence.hashing import sha256_file
from awas.evidence.local_storage import LocalStorage
from awas.evidence.storage import STORAGES, Storage


@dataclass(frozen=True, slots=True)
class StoredObject:
    digest: str
    size: int


class Vault:
    """Content-addressed store over a `Storage` back end, with a local scratch folder."""

    def __init__(self, storage: Storage, scratch: Path) -> None:
        self.storage = storage
        self.scratch = scratch
        scratch.mkdir(parents=True, exist_ok=True)

    def scratch_dir(self) -> Path:
        """A fresh private folder for building files before they are stored (caller removes it)."""
        return Path(tempfile.mkdtemp(prefix="cap-", dir=self.scratch))

    def store_file(self, path: Path) -> StoredObject:
        """Hash `path` in chunks and keep it; the vault takes the file over (it may be moved)."""
        digest, size = sha256_file(path)
        self.storage.put(digest, path)
        return StoredObject(digest, size)

    def open(self, digest: str) -> BinaryIO:
        """Read-only stream of an object; raises MissingObject."""
        return self.storage.open(digest)

    def copy_out(self, digest: str, dest: Path) -> Path:
        """Write a writable working copy of an object to `dest` (never a link to the evidence copy)."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        with self.open(digest) as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
        os.chmod(dest, 0o644)
        return dest


def open_vault(data_dir: Path, settings: EvidenceSettings) -> Vault:
    """The configured vault: `AWAS_EVIDENCE_VAULT_DIR` or `<data dir>/evidence`."""
    root = (settings.vault_dir or data_dir / "evidence").resolve()
    storage = STORAGES.get(settings.storage)(root)
    # Scratch sits next to the local objects so storing is a rename, not a copy.
    scratch = storage.staging if isinstance(storage, LocalStorage) else root / "scratch"
    return Vault(storage, scratch)
