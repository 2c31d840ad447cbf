"""The default vault back end: a local folder, one read-only file per object.

Layout `objects/ab/cd/<hex>`; files are written to `staging/`, fsynced and renamed into place, so an
object is either complete or absent, never half-written. Files are mode 0444: the evidence copy is
not writable through ordinary tools (working copies are made with `Vault.copy_out`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO

from awas.evidence.hashing import hex_of, sha256_file
from awas.evidence.storage import MissingObject, Storage

READ_ONLY = 0o444
# Below this many objects a process pool costs more than it saves.
PARALLEL_THRESHOLD = 2000


class LocalStorage(Storage):
    """Objects under `root/objects`; `root/staging` holds files being written."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.objects = root / "objects"
        self.staging = root / "staging"
        self.staging.mkdir(parents=True, exist_ok=True)
        self.objects.mkdir(parents=True, exist_ok=True)

    def path_of(self, digest: str) -> Path:
        hex_digest = hex_of(digest)
        return self.objects / hex_digest[:2] / hex_digest[2:4] / hex_digest

    def put(self, digest: str, source: Path) -> None:
        target = self.path_of(digest)
        if target.exists():
            source.unlink(missing_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        _fsync(source)
        os.chmod(source, READ_ONLY)
        try:
            os.replace(source, target)  # atomic within one file system
        except OSError:
            staged = self.staging / f"{target.name}.{os.getpid()}.part"
            shutil.copyfile(source, staged)
            _fsync(staged)
            os.chmod(staged, READ_ONLY)
            os.replace(staged, target)
            source.unlink(missing_ok=True)

    def open(self, digest: str) -> BinaryIO:
        try:
            return self.path_of(digest).open("rb")
        except FileNotFoundError:
            raise MissingObject(f"vault object {digest} is missing") from None

    def exists(self, digest: str) -> bool:
        return self.path_of(digest).is_file()

    def recompute(self, digests: Iterable[str]) -> dict[str, str | None]:
        """Hash the files again, on every core when there are many."""
        wanted = list(dict.fromkeys(digests))
        paths = [str(self.path_of(d)) for d in wanted]
        workers = os.cpu_count() or 1
        if len(paths) < PARALLEL_THRESHOLD or workers < 2:
            return dict(zip(wanted, _hash_paths(paths), strict=True))
        size = -(-len(paths) // (workers * 4))
        chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
        with ProcessPoolExecutor(workers) as pool:
            results = [d for part in pool.map(_hash_paths, chunks) for d in part]
        return dict(zip(wanted, results, strict=True))


def _hash_paths(paths: list[str]) -> list[str | None]:
    found: list[str | None] = []
    for path in paths:
        try:
            found.append(sha256_file(Path(path))[0])
        except FileNotFoundError:
            found.append(None)
    return found


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
