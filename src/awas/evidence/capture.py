"""Capture orchestration: from a URL or a stored post to stored, ledgered, linked evidence.

All or nothing: files are built in a private scratch folder, moved into the vault, and only then
recorded in one database transaction. A failure at any step records the attempt with its code and
reason (status `failed`) and stores no artefact row; files already moved into the vault by then are
unreferenced content-addressed objects, never evidence.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.evidence import browser_capture, liveness
from awas.evidence.capture_store import CaptureHeader, insert_failed, insert_stored
from awas.evidence.config import EvidenceSettings, load_evidence_settings
from awas.evidence.environment import both_times
from awas.evidence.fetch import CaptureFailed, check_url
from awas.evidence.post_capture import build_post_capture, find_post
from awas.evidence.records import ArtefactKind, BuiltFile, Capture, Subject
from awas.evidence.url_capture import build_url_capture
from awas.evidence.vault import StoredObject, Vault, open_vault
from awas.timeutil import utcnow

Builder = Callable[[Path], tuple[list[BuiltFile], dict[str, Any]]]


class Capturer:
    """Captures URLs and stored posts into the vault of `app`."""

    def __init__(self, app: App, settings: EvidenceSettings | None = None) -> None:
        self.app = app
        self.settings = settings or load_evidence_settings()
        self.vault: Vault = open_vault(app.settings.resolved_data_dir, self.settings)

    def capture_url(
        self, url: str, *, actor: str, reason: str = "", subject: Subject | None = None, browser: bool = False
    ) -> Capture:
        """Capture `url` (WARC, TLS chain, text, WACZ; screenshot and PDF with `browser`).

        Returns the stored capture, or the failed one with `failure_code`/`failure_reason`.
        Raises SetupError when `browser` is asked for and Playwright or Chromium is missing.
        """
        if browser:
            browser_capture.check_browser(self.settings)

        def build(workdir: Path) -> tuple[list[BuiltFile], dict[str, Any]]:
            check_url(url)
            built = build_url_capture(url, workdir, self.settings, browser)
            return built.files, built.facts

        return self._capture(
            CaptureHeader(
                source_kind="url",
                url=url,
                post_pk=None,
                actor=actor,
                reason=reason,
                started_at=utcnow(),
                finished_at=utcnow(),
            ),
            build,
            subject,
        )

    def capture_post(
        self,
        *,
        actor: str,
        pk: int | None = None,
        key: tuple[str, str] | None = None,
        reason: str = "",
        subject: Subject | None = None,
    ) -> Capture:
        """Capture a stored post (raw platform record and text); NotFoundError if there is none."""
        with self.app.db.read() as conn:
            post = find_post(conn, pk=pk, key=key)
        header = CaptureHeader(
            source_kind="post",
            url=post.url,
            post_pk=post.pk,
            actor=actor,
            reason=reason,
            started_at=utcnow(),
            finished_at=utcnow(),
        )
        return self._capture(header, lambda workdir: build_post_capture(post, workdir), subject)

    def capture_urls(
        self,
        urls: Sequence[str],
        *,
        actor: str,
        reason: str = "",
        subject: Subject | None = None,
        workers: int | None = None,
    ) -> list[Capture]:
        """Capture many URLs concurrently (AWAS_EVIDENCE_WORKERS threads); results in input order."""
        with ThreadPoolExecutor(workers or self.settings.workers) as pool:
            return list(
                pool.map(lambda u: self.capture_url(u, actor=actor, reason=reason, subject=subject), urls)
            )

    def _capture(self, header: CaptureHeader, build: Builder, subject: Subject | None) -> Capture:
        """1. build the files in scratch  2. store them and capture.json in the vault
        3. record capture, artefacts, ledger entries, link and watch in one transaction.
        On CaptureFailed: record the failure with its reason, store nothing, return it."""
        workdir = self.vault.scratch_dir()
        try:
            # 1 - build
            files, facts = build(workdir)
            # 2 - store
            stored = [(f, self.vault.store_file(f.path)) for f in files]
            facts = self._describe(header, facts, stored)
            stored.append(self._store_metadata(workdir, facts))
        except CaptureFailed as exc:
            return self._record_failure(header, exc)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        # 3 - record
        with self.app.db.transaction() as conn:
            capture = insert_stored(conn, _finished(header), facts, stored, subject)
            liveness.watch_capture(conn, capture, self.settings.liveness_interval_s)
        return capture

    def _describe(
        self, header: CaptureHeader, facts: dict[str, Any], stored: list[tuple[BuiltFile, StoredObject]]
    ) -> dict[str, Any]:
        files = [
            {
                "name": f.name,
                "kind": f.kind.value,
                "digest": o.digest,
                "size": o.size,
                "media_type": f.media_type,
            }
            for f, o in stored
        ]
        return {
            "format": "awas-capture-1",
            "captured_by": header.actor,
            "reason": header.reason,
            "started_at": both_times(header.started_at),
            **facts,
            "files": files,
        }

    def _store_metadata(self, workdir: Path, facts: dict[str, Any]) -> tuple[BuiltFile, StoredObject]:
        path = workdir / "capture.json"
        path.write_text(
            json.dumps(facts, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        built = BuiltFile(ArtefactKind.METADATA, path.name, path, "application/json")
        return built, self.vault.store_file(path)

    def _record_failure(self, header: CaptureHeader, exc: CaptureFailed) -> Capture:
        with self.app.db.transaction() as conn:
            capture = insert_failed(conn, _finished(header), exc.code, exc.reason)
        self.app.audit(
            AuditEvent(
                action="evidence.capture_failed",
                actor=header.actor,
                object_type="evidence_capture",
                object_id=str(capture.id),
                details={"url": header.url, "code": exc.code, "reason": exc.reason},
            )
        )
        return capture


def _finished(header: CaptureHeader) -> CaptureHeader:
    return CaptureHeader(
        source_kind=header.source_kind,
        url=header.url,
        post_pk=header.post_pk,
        actor=header.actor,
        reason=header.reason,
        started_at=header.started_at,
        finished_at=utcnow(),
    )
