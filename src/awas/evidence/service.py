"""The evidence service: what the CLI, the web case page and other capabilities call.

    svc = EvidenceService(app)
    svc.capture_url(url, actor=..., subject=Subject.parse("case:12"), reason=...)
    svc.capture_post(actor=..., key=("x", "123"), subject=...)
    svc.capture_posts([post_pk, ...], actor=..., reason=..., subject=...)  # each once per subject
    svc.artefacts_of(Subject(SubjectType.CASE, "12"))      # list the evidence of a subject
    svc.custody_log(artefact_id)                            # its ledger entries, oldest first
    svc.attach(artefact_id, SubjectType.CASE, "12", actor=..., reason=...)
    svc.share(artefact_ids, org_id, actor=..., reason=...)  # handed to a partner agency
    svc.open_artefact(artefact_id, actor=..., reason=...)   # read the evidence copy (logged as viewed)
    svc.record_access_denied(artefact_id, actor=..., reason=...)
Every event on an artefact lands in the custody ledger in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from awas.app import App
from awas.errors import NotFoundError
from awas.evidence import daily, ledger, liveness
from awas.evidence.capture import Capturer
from awas.evidence.capture_store import load_artefacts, load_capture
from awas.evidence.config import EvidenceSettings, load_evidence_settings
from awas.evidence.links import artefact_ids_of, attach_in
from awas.evidence.package_export import ExportResult, export_case
from awas.evidence.post_batch import PostCaptures
from awas.evidence.post_batch import capture_posts as capture_posts_once
from awas.evidence.records import Artefact, Capture, Subject, SubjectType
from awas.evidence.vault import Vault, open_vault
from awas.evidence.verify import VerifyReport, verify_vault


class EvidenceService:
    """Evidence operations on one App; each call is its own transaction."""

    def __init__(self, app: App, settings: EvidenceSettings | None = None) -> None:
        self.app = app
        self.settings = settings or load_evidence_settings()

    @cached_property
    def vault(self) -> Vault:
        return open_vault(self.app.settings.resolved_data_dir, self.settings)

    @cached_property
    def capturer(self) -> Capturer:
        return Capturer(self.app, self.settings)

    def capture_url(
        self, url: str, *, actor: str, reason: str = "", subject: Subject | None = None, browser: bool = False
    ) -> Capture:
        """Capture a URL for a subject (see Capturer.capture_url); failed captures come back too."""
        return self.capturer.capture_url(url, actor=actor, reason=reason, subject=subject, browser=browser)

    def capture_post(
        self,
        *,
        actor: str,
        pk: int | None = None,
        key: tuple[str, str] | None = None,
        reason: str = "",
        subject: Subject | None = None,
    ) -> Capture:
        """Capture a stored post by primary key or (platform, post_id); NotFoundError if absent."""
        return self.capturer.capture_post(actor=actor, pk=pk, key=key, reason=reason, subject=subject)

    def capture_posts(
        self,
        post_pks: Sequence[int],
        *,
        actor: str,
        reason: str,
        subject: Subject,
        advance: Callable[[int], None] | None = None,
    ) -> PostCaptures:
        """Capture stored posts for `subject`, skipping those already captured for it (see post_batch)."""
        return capture_posts_once(
            self.capturer, post_pks, actor=actor, reason=reason, subject=subject, advance=advance
        )

    def capture(self, capture_id: int) -> Capture:
        with self.app.db.read() as conn:
            try:
                return load_capture(conn, capture_id)
            except Exception as exc:  # NoResultFound
                raise NotFoundError(f"pengambilan {capture_id} tidak ada") from exc

    def artefacts_of(self, subject: Subject) -> list[Artefact]:
        """Artefacts linked to a subject, in id order."""
        with self.app.db.read() as conn:
            return load_artefacts(conn, artefact_ids_of(conn, [subject]))

    def artefact(self, artefact_id: int) -> Artefact:
        with self.app.db.read() as conn:
            found = load_artefacts(conn, [artefact_id])
        if not found:
            raise NotFoundError(f"artefak {artefact_id} tidak ada")
        return found[0]

    def custody_log(self, artefact_id: int) -> list[ledger.LedgerEntry]:
        """Every ledger entry about one artefact, oldest first."""
        self.artefact(artefact_id)
        with self.app.db.read() as conn:
            return ledger.entries_of(conn, [artefact_id])

    def attach(
        self, artefact_id: int, subject_type: SubjectType | str, subject_id: str, *, actor: str, reason: str
    ) -> bool:
        """Link an artefact to a subject; False when it was already linked."""
        return (
            self.attach_many(
                [artefact_id], Subject(SubjectType(subject_type), subject_id), actor=actor, reason=reason
            )
            == 1
        )

    def attach_many(self, artefact_ids: Sequence[int], subject: Subject, *, actor: str, reason: str) -> int:
        for artefact_id in artefact_ids:
            self.artefact(artefact_id)
        with self.app.db.transaction() as conn:
            return attach_in(conn, artefact_ids, subject, actor, reason)

    def share(self, artefact_ids: Sequence[int], org_id: str, *, actor: str, reason: str) -> None:
        """Record that artefacts were handed to a partner organisation (e.g. `polda-jambi`)."""
        self._log(artefact_ids, ledger.Action.SHARED, actor, reason, {"org_id": org_id})

    def open_artefact(self, artefact_id: int, *, actor: str, reason: str) -> BinaryIO:
        """A read-only stream of the evidence copy; logs `viewed`."""
        artefact = self.artefact(artefact_id)
        self._log([artefact_id], ledger.Action.VIEWED, actor, reason, {})
        return self.vault.open(artefact.digest)

    def copy_out(self, artefact_id: int, dest: Path, *, actor: str, reason: str) -> Path:
        """Write a working copy (never the evidence copy) to `dest`; logs `copied`."""
        artefact = self.artefact(artefact_id)
        path = self.vault.copy_out(artefact.digest, dest)
        self._log([artefact_id], ledger.Action.COPIED, actor, reason, {"to": str(dest)})
        return path

    def record_access_denied(self, artefact_id: int, *, actor: str, reason: str) -> None:
        """Log a refused attempt to see or take an artefact (called by the front end that refused it)."""
        self._log([artefact_id], ledger.Action.ACCESS_DENIED, actor, reason, {})

    def verify(self, artefact_ids: Sequence[int] | None = None) -> VerifyReport:
        """Recompute artefact hashes, the chain and the daily roots (see verify.verify_vault)."""
        return verify_vault(self.app, self.settings, self.vault.storage, artefact_ids)

    def export(self, case_id: str, out: Path, *, actor: str, reason: str = "") -> ExportResult:
        return export_case(self.app, self.settings, self.vault, case_id, out, actor=actor, reason=reason)

    def seal_days(self, today: date | None = None) -> list[daily.DailyRoot]:
        return daily.seal_complete_days(self.app, self.settings, today)

    def daily_report(self, day: date) -> daily.DailyReport:
        return daily.daily_report(self.app, day)

    def stamp_day(self, day: date) -> daily.DailyRoot:
        return daily.stamp_day(self.app, self.settings, day)

    def check_liveness(self, limit: int = 100) -> list[liveness.LivenessCheck]:
        return liveness.check_due(self.app, self.settings, limit=limit)

    def _log(
        self,
        artefact_ids: Sequence[int],
        action: ledger.Action,
        actor: str,
        reason: str,
        details: dict[str, str],
    ) -> None:
        for artefact_id in artefact_ids:
            self.artefact(artefact_id)
        drafts = [
            ledger.EntryDraft(artefact_id=a, action=action, actor=actor, reason=reason, details=details)
            for a in artefact_ids
        ]
        with self.app.db.transaction() as conn:
            ledger.append(conn, drafts)
