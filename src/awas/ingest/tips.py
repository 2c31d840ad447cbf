"""Public tips (laporan masyarakat): text, links, attachments and an optional reporter contact.

`TipService.submit` validates the tip, stores attachments content-addressed (size limits, zip-bomb
checks), seals the contact with `app.sealer` (it is never stored or logged in the clear), and turns
the tip into a `tip` post that goes through the same intake steps as every other post. The reporter
is identified across tips only by a keyed hash of the contact, so the analyst sees "the same reporter"
without seeing who it is. Raises InputError naming the field for anything it refuses; then nothing
is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.domain.posts import Post
from awas.errors import InputError, InputProblem
from awas.ingest import runs
from awas.ingest.attachments import AttachmentRefused, AttachmentStore, StoredAttachment
from awas.ingest.records import RunSummary
from awas.ingest.service import IngestService
from awas.ingest.tables import tips
from awas.timeutil import utcnow

MAX_TEXT_CHARS = 20_000
MAX_LINKS = 20
MAX_ATTACHMENTS = 5
MAX_CONTACT_CHARS = 200


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    stream: BinaryIO


@dataclass
class TipSubmission:
    text: str
    links: list[str] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    contact: str | None = None
    region: str | None = None
    channel: str = "web"


@dataclass(frozen=True)
class TipReceipt:
    id: str
    received_at: datetime
    attachments: tuple[StoredAttachment, ...]


class TipService:
    def __init__(self, app: App) -> None:
        self.app = app
        self.store = AttachmentStore(app.db, app.settings.resolved_data_dir)

    def submit(self, tip: TipSubmission, *, actor: str = "publik") -> TipReceipt:
        """Store one tip and its post; InputError (field named) for anything refused."""
        self._validate(tip)
        stored = tuple(self._attach(u) for u in tip.uploads)
        receipt = TipReceipt("tip-" + secrets.token_hex(8), utcnow(), stored)
        with self.app.db.transaction() as conn:
            conn.execute(
                tips.insert().values(
                    id=receipt.id,
                    submitted_at=receipt.received_at,
                    text=tip.text.strip(),
                    links=tip.links,
                    attachments=[a.sha256 for a in stored],
                    region_code=tip.region or None,
                    channel=tip.channel,
                    contact_sealed=self.app.sealer.seal(tip.contact.strip()) if tip.contact else None,
                )
            )
        self._post(tip, receipt)
        self.app.audit(
            AuditEvent(
                action="ingest.tip_received",
                actor=actor,
                object_type="tip",
                object_id=receipt.id,
                details={"links": len(tip.links), "attachments": len(stored), "contact": bool(tip.contact)},
            )
        )
        return receipt

    def _validate(self, tip: TipSubmission) -> None:
        problems = []
        if not tip.text.strip() and not tip.links and not tip.uploads:
            problems.append(
                InputProblem("laporan", "isi laporan, tautan atau lampiran wajib diisi", field="text")
            )
        if len(tip.text) > MAX_TEXT_CHARS:
            problems.append(
                InputProblem("laporan", f"isi laporan lebih dari {MAX_TEXT_CHARS} karakter", field="text")
            )
        if len(tip.links) > MAX_LINKS:
            problems.append(InputProblem("laporan", f"lebih dari {MAX_LINKS} tautan", field="links"))
        problems += [
            InputProblem("laporan", f"tautan tidak valid: {link[:80]!r}", field="links")
            for link in tip.links
            if not _is_link(link)
        ]
        if len(tip.uploads) > MAX_ATTACHMENTS:
            problems.append(
                InputProblem("laporan", f"lebih dari {MAX_ATTACHMENTS} lampiran", field="attachments")
            )
        if tip.contact and len(tip.contact) > MAX_CONTACT_CHARS:
            problems.append(InputProblem("laporan", "kontak pelapor terlalu panjang", field="contact"))
        if tip.region and tip.region not in self.app.reference.regions:
            problems.append(
                InputProblem("laporan", f"kode wilayah tidak dikenal: {tip.region[:20]!r}", field="region")
            )
        if problems:
            raise InputError(problems, "laporan ditolak")

    def _attach(self, upload: Upload) -> StoredAttachment:
        try:
            return self.store.put_stream(upload.stream, upload.name, upload.content_type)
        except AttachmentRefused as exc:
            raise InputError(
                InputProblem("laporan", f"{upload.name[:80]}: {exc}", field="attachments")
            ) from None

    def _post(self, tip: TipSubmission, receipt: TipReceipt) -> None:
        reporter = "pelapor-anonim"
        if tip.contact:
            key = self.app.settings.secret_key.get_secret_value().encode()
            reporter = (
                "pelapor-"
                + hmac.new(key, tip.contact.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]
            )
        post = Post(
            platform="tip",
            post_id=receipt.id,
            author_id=reporter,
            text=tip.text.strip(),
            created_at=receipt.received_at,
            urls=tuple(tip.links),
            region=tip.region or None,
            media=tuple(a.as_media() for a in receipt.attachments),
            raw={
                "tip": receipt.id,
                "channel": tip.channel,
                "links": tip.links,
                "attachments": [a.sha256 for a in receipt.attachments],
            },
        )
        run = runs.open_run(self.app.db, "tip", receipt.id, "tip", None)
        IngestService(self.app).store_posts([post], [], run, RunSummary(receipt.id, "tip", run.id))
        runs.close_run(self.app.db, run, "done")


def _is_link(link: str) -> bool:
    parts = urlsplit(link.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(link) <= 2048
