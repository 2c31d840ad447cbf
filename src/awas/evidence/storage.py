"""Where vault objects live: the `Storage` role and its plug-in registry.

A storage keeps immutable objects named by their content address (`sha256:<hex>`). Writing a
plug-in (e.g. an S3 or WORM appliance back end): subclass `Storage`, implement one method per role
(`put` to keep, `open` to read, `exists` to look up), register the class in `STORAGES` or under the
entry-point group `awas.evidence_storage`, and select it with `AWAS_EVIDENCE_STORAGE`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from awas.core.registry import Registry
from awas.errors import AwasError
from awas.evidence.hashing import sha256_stream


class MissingObject(AwasError):
    """The vault has no object under this content address."""


class Storage(ABC):
    """Immutable objects by content address. Objects are never changed or deleted through this API.

    Constructed with the vault root folder; a back end reads any other configuration it needs itself.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    @abstractmethod
    def put(self, digest: str, source: Path) -> None:
        """Keep the finished file `source` (already hashed to `digest`) as a read-only object.

        Idempotent: an object that is already there is kept and `source` is discarded. The caller
        gives up `source` (it may be moved). Raises OSError when the object cannot be written.
        """

    @abstractmethod
    def open(self, digest: str) -> BinaryIO:
        """A read-only binary stream of the object; raises MissingObject."""

    @abstractmethod
    def exists(self, digest: str) -> bool:
        """Whether an object is stored under `digest`."""

    def recompute(self, digests: Iterable[str]) -> dict[str, str | None]:
        """Hash each object again: digest → the digest of what is stored now (None if missing).

        Back ends override this when they can do it faster (in parallel, next to the data).
        """
        found: dict[str, str | None] = {}
        for digest in digests:
            try:
                with self.open(digest) as fh:
                    found[digest] = sha256_stream(fh)[0]
            except MissingObject:
                found[digest] = None
        return found


STORAGES: Registry[Storage] = Registry(
    "evidence_storage", {"local": "awas.evidence.local_storage:LocalStorage"}
)
