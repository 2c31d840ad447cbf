"""Content-addressed attachment files (tips, chat exports) with size limits and zip-bomb checks.

A file is stored once under `<data dir>/attachments/<sha256[:2]>/<sha256>`, written to a temporary
name while it is hashed and renamed into place only when complete, so a crash never leaves a
half file under a hash name. Zip archives are checked member by member before they are accepted:
too many members, a declared or actual size over the limit, a compression ratio typical of a zip
bomb, or a path that climbs out of the archive refuses the whole archive.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from awas.ingest.tables import ingest_attachments
from awas.store.db import Database
from awas.timeutil import utcnow

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
CHUNK = 1024 * 1024


class AttachmentRefused(ValueError):
    """The file is not accepted; the message (Bahasa Indonesia) says why."""


@dataclass(frozen=True, slots=True)
class StoredAttachment:
    sha256: str
    size: int
    content_type: str
    name: str

    def as_media(self) -> dict[str, str]:
        kind = self.content_type.split("/")[0]
        return {
            "url": f"attachment:{self.sha256}",
            "type": kind if kind in ("image", "video", "audio") else "document",
            "sha256": self.sha256,
            "name": self.name,
        }


def check_zip(path: Path, max_total: int = MAX_ZIP_TOTAL_BYTES) -> None:
    """Raise AttachmentRefused for a zip bomb or hostile archive; reads members to count real sizes."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise AttachmentRefused(f"arsip zip berisi lebih dari {MAX_ZIP_MEMBERS} berkas")
            total = 0
            for info in members:
                _check_member(info, total, max_total)
                total += _real_size(archive, info, max_total - total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise AttachmentRefused(f"arsip zip rusak atau tidak didukung: {exc}") from None


def _check_member(info: zipfile.ZipInfo, total: int, max_total: int) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or ".." in Path(name).parts:
        raise AttachmentRefused(f"arsip zip berisi jalur berbahaya: {name[:80]!r}")
    if total + info.file_size > max_total:
        raise AttachmentRefused("isi arsip zip melebihi batas ukuran (zip bomb?)")
    if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO and info.file_size > CHUNK:
        raise AttachmentRefused(f"rasio kompresi {name[:60]!r} mencurigakan (zip bomb)")


def _real_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Decompress to count bytes (headers can lie); stop as soon as the budget is exceeded."""
    size = 0
    with archive.open(info) as member:
        while block := member.read(CHUNK):
            size += len(block)
            if size > budget or size > info.file_size:
                raise AttachmentRefused(f"{info.filename[:60]!r} lebih besar dari yang dinyatakan (zip bomb)")
    return size


class AttachmentStore:
    def __init__(self, db: Database, data_dir: Path, max_bytes: int = MAX_ATTACHMENT_BYTES) -> None:
        self.db = db
        self.root = data_dir / "attachments"
        self.max_bytes = max_bytes

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put_stream(self, stream: BinaryIO, name: str, content_type: str) -> StoredAttachment:
        """Store a stream, hashed while copied; AttachmentRefused over the size limit or for a bad zip."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with tempfile.NamedTemporaryFile(dir=self.root, prefix=".incoming-", delete=False) as tmp:
            try:
                while block := stream.read(CHUNK):
                    size += len(block)
                    if size > self.max_bytes:
                        raise AttachmentRefused(f"lampiran lebih dari {self.max_bytes // (1024 * 1024)} MB")
                    digest.update(block)
                    tmp.write(block)
                tmp.flush()
                os.fsync(tmp.fileno())
                if zipfile.is_zipfile(tmp.name):
                    check_zip(Path(tmp.name))
            except BaseException:
                os.unlink(tmp.name)
                raise
        return self._commit(Path(tmp.name), digest.hexdigest(), size, name, content_type)

    def put_file(self, path: Path, content_type: str = "application/octet-stream") -> StoredAttachment:
        with path.open("rb") as fh:
            return self.put_stream(fh, path.name, content_type)

    def _commit(self, tmp: Path, sha: str, size: int, name: str, content_type: str) -> StoredAttachment:
        target = self.path_of(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            tmp.unlink()
        else:
            shutil.move(str(tmp), target)
        stored = StoredAttachment(
            sha, size, content_type or "application/octet-stream", Path(name).name[:200]
        )
        self._record(stored)
        return stored

    def _record(self, stored: StoredAttachment) -> None:
        insert = sqlite_insert if self.db.is_sqlite else pg_insert
        row = {
            "sha256": stored.sha256,
            "size": stored.size,
            "content_type": stored.content_type,
            "original_name": stored.name,
            "stored_at": utcnow(),
        }
        with self.db.transaction() as conn:
            conn.execute(insert(ingest_attachments).values(**row).on_conflict_do_nothing())

    def exists(self, sha256: str) -> bool:
        with self.db.read() as conn:
            found = conn.execute(
                sa.select(ingest_attachments.c.sha256).where(ingest_attachments.c.sha256 == sha256)
            )
            return found.first() is not None
