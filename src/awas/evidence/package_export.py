"""Export a case's evidence as one ZIP that anyone can check with `sha256sum -c SHA256SUMS`.

Contents: `bukti/penangkapan-<id>/<file>` (the artefacts, copied from the vault), `manifest.json`
(hashes and capture metadata), `log-lacak.jsonl` (custody entries with Merkle proofs to their daily
roots), `akar-harian.json` and `cap-waktu/<day>.tsr` (RFC 3161 tokens), `berita-acara.pdf`,
`BACA-SAYA.txt`, and `SHA256SUMS` over all of them. The ZIP is built next to its destination and
renamed into place only after the `exported` ledger entries are committed, so a failed export
leaves neither a package nor a ledger entry behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from awas.app import App
from awas.errors import NotFoundError
from awas.evidence import ledger
from awas.evidence.berita_acara import render_berita_acara
from awas.evidence.config import EvidenceSettings
from awas.evidence.daily import seal_complete_days
from awas.evidence.hashing import sha256_file
from awas.evidence.manifest import build_manifest, readme_text
from awas.evidence.package_contents import PackageContents, artefact_path, gather
from awas.evidence.providers import case_header, case_subjects
from awas.evidence.tables import evidence_exports
from awas.evidence.vault import Vault
from awas.timeutil import utcnow

SUMS = "SHA256SUMS"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    digest: str
    size: int
    artefact_count: int
    capture_count: int


def export_case(
    app: App,
    settings: EvidenceSettings,
    vault: Vault,
    case_id: str,
    out: Path,
    *,
    actor: str,
    reason: str = "",
) -> ExportResult:
    """Write the package for `case_id` to `out`; NotFoundError when nothing is linked to the case."""
    seal_complete_days(app, settings)
    header = case_header(app, case_id)
    with app.db.read() as conn:
        contents = gather(conn, case_subjects(app, case_id))
    if not contents.artefacts:
        raise NotFoundError(f"tidak ada bukti yang terkait dengan kasus {case_id}")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".paket-", suffix=".zip", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        manifest = build_manifest(header, contents, actor=actor, reason=reason, generated_at=utcnow())
        _write_zip(tmp, vault, contents, manifest)
        digest, size = sha256_file(tmp)
        _record_export(app, contents, case_id, out, digest, size, actor, reason)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return ExportResult(out, digest, size, len(contents.artefacts), len(contents.captures))


def _write_zip(path: Path, vault: Vault, contents: PackageContents, manifest: dict[str, Any]) -> None:
    sums: list[tuple[str, str]] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for artefact in contents.artefacts:
            sums.append(
                (_copy_member(zf, vault, artefact.digest, artefact_path(artefact)), artefact_path(artefact))
            )
        for name, data in _documents(contents, manifest):
            zf.writestr(name, data)
            sums.append((hashlib.sha256(data).hexdigest(), name))
        zf.writestr(SUMS, "".join(f"{h}  {n}\n" for h, n in sums))


def _copy_member(zf: zipfile.ZipFile, vault: Vault, digest: str, name: str) -> str:
    """Copy an object into the ZIP in chunks, hashing what was copied (so a bad read is caught)."""
    h = hashlib.sha256()
    with vault.open(digest) as src, zf.open(name, "w", force_zip64=True) as dst:
        while chunk := src.read(1024 * 1024):
            h.update(chunk)
            dst.write(chunk)
    if "sha256:" + h.hexdigest() != digest:
        from awas.errors import IntegrityError

        raise IntegrityError([f"{name}: isi di brankas tidak cocok dengan {digest}"], "ekspor dibatalkan")
    return h.hexdigest()


def _documents(contents: PackageContents, manifest: dict[str, Any]) -> list[tuple[str, bytes]]:
    docs = [("log-lacak.jsonl", _jsonl(contents.entries))]
    docs += [(f"cap-waktu/{r.day.isoformat()}.tsr", r.tsa_token) for r in contents.roots if r.tsa_token]
    docs.append(("akar-harian.json", _json(manifest["daily_roots"])))
    manifest["custody_log"]["sha256"] = hashlib.sha256(docs[0][1]).hexdigest()
    docs.append(("manifest.json", _json(manifest)))
    docs.append(("berita-acara.pdf", render_berita_acara(manifest, contents.entries)))
    docs.append(("BACA-SAYA.txt", readme_text(manifest).encode("utf-8")))
    return docs


def _record_export(
    app: App,
    contents: PackageContents,
    case_id: str,
    out: Path,
    digest: str,
    size: int,
    actor: str,
    reason: str,
) -> None:
    details = {"case_id": case_id, "package": out.name, "package_digest": digest}
    with app.db.transaction() as conn:
        conn.execute(
            evidence_exports.insert().values(
                case_id=case_id,
                digest=digest,
                size=size,
                artefact_count=len(contents.artefacts),
                path=str(out),
                actor=actor,
                exported_at=utcnow(),
            )
        )
        drafts = [
            ledger.EntryDraft(
                artefact_id=a.id,
                action=ledger.Action.EXPORTED,
                actor=actor,
                reason=reason or f"paket bukti kasus {case_id}",
                details=details,
            )
            for a in contents.artefacts
        ]
        ledger.append(conn, drafts)


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def _jsonl(items: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(i, ensure_ascii=False, sort_keys=True) + "\n" for i in items).encode("utf-8")
