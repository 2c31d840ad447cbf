"""Check an evidence package on any machine, without the database.

1. every line of SHA256SUMS matches its member (hashed in chunks), no member is missing or unlisted;
2. every artefact in manifest.json is listed in SHA256SUMS with the same hash;
3. every custody entry's hash is recomputed, entries of one artefact keep ledger order, each
   artefact has its `captured` entry with the manifest's hash;
4. each Merkle proof leads to its day's root in the manifest, and with `tsa_roots` each RFC 3161
   token verifies against the day and root.
Problems name the member, artefact, entry or day; a ZIP that cannot be read is an InputError.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cryptography import x509

from awas.errors import InputError, InputProblem
from awas.evidence.hashing import hex_of, sha256_stream
from awas.evidence.ledger import hash_of_fields
from awas.evidence.merkle import root_from_proof
from awas.evidence.tsa import TimestampError, root_message, verify_token

SUMS = "SHA256SUMS"


@dataclass
class PackageReport:
    path: str
    files_checked: int = 0
    artefacts: int = 0
    entries: int = 0
    proofs_checked: int = 0
    tokens_checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_package(path: Path, tsa_roots: list[x509.Certificate] | None = None) -> PackageReport:
    """Check the package at `path`; InputError when it is not a readable evidence package.

    A package whose hash list already shows damage and whose documents then cannot be read is
    reported as damaged (problems), not as bad input.
    """
    report = PackageReport(str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            sums = _check_sums(zf, report)
            try:
                _check_documents(zf, path, sums, tsa_roots, report)
            except (InputError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
                if not report.problems:
                    if isinstance(exc, InputError):
                        raise
                    raise InputError(
                        InputProblem(str(path), f"isi paket tidak sesuai format: {exc!r}")
                    ) from None
                report.problems.append(f"dokumen paket tidak dapat dibaca lagi: {exc!r}")
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(InputProblem(str(path), f"bukan berkas ZIP yang dapat dibaca: {exc}")) from None
    return report


def _check_documents(
    zf: zipfile.ZipFile,
    path: Path,
    sums: dict[str, str],
    tsa_roots: list[x509.Certificate] | None,
    report: PackageReport,
) -> None:
    manifest = _read_json(zf, path, "manifest.json")
    _check_manifest(manifest, sums, report)
    entries = [json.loads(line) for line in _read(zf, path, "log-lacak.jsonl").splitlines() if line.strip()]
    _check_entries(entries, manifest, report)
    _check_tokens(zf, manifest, tsa_roots, report)


def _read(zf: zipfile.ZipFile, path: Path, name: str) -> str:
    try:
        return zf.read(name).decode("utf-8")
    except KeyError:
        raise InputError(InputProblem(str(path), f"{name} tidak ada di paket", field=name)) from None


def _read_json(zf: zipfile.ZipFile, path: Path, name: str) -> Any:
    return json.loads(_read(zf, path, name))


def _check_sums(zf: zipfile.ZipFile, report: PackageReport) -> dict[str, str]:
    sums: dict[str, str] = {}
    for number, line in enumerate(_read(zf, Path(report.path), SUMS).splitlines(), 1):
        hex_digest, sep, name = line.partition("  ")
        if not sep or len(hex_digest) != 64:
            report.problems.append(f"{SUMS} baris {number}: format tidak sah")
            continue
        sums[name] = hex_digest
    members = {i.filename for i in zf.infolist() if not i.is_dir()}
    for name, expected in sums.items():
        if name not in members:
            report.problems.append(f"berkas {name}: hilang dari paket")
        elif _member_sha256(zf, name) != expected:
            report.problems.append(f"berkas {name}: hash SHA-256 tidak cocok dengan {SUMS}")
        report.files_checked += 1
    report.problems += [
        f"berkas {n}: tidak tercantum di {SUMS}" for n in sorted(members - set(sums) - {SUMS})
    ]
    return sums


def _member_sha256(zf: zipfile.ZipFile, name: str) -> str:
    with zf.open(name) as fh:
        return hex_of(sha256_stream(fh)[0])


def _check_manifest(manifest: dict[str, Any], sums: dict[str, str], report: PackageReport) -> None:
    report.artefacts = len(manifest["artefacts"])
    for a in manifest["artefacts"]:
        if sums.get(a["path"]) != a["sha256"]:
            report.problems.append(
                f"artefak {a['id']} ({a['path']}): hash di manifest.json berbeda dari {SUMS}"
            )


def _check_entries(entries: list[dict[str, Any]], manifest: dict[str, Any], report: PackageReport) -> None:
    report.entries = len(entries)
    roots = {r["day"]: r["root"] for r in manifest["daily_roots"]}
    last_seq: dict[int, int] = {}
    for e in entries:
        if hash_of_fields(e) != e["entry_hash"]:
            report.problems.append(f"entri catatan lacak #{e['seq']}: isi entri berubah (hash tidak cocok)")
        if e["seq"] <= last_seq.get(e["artefact_id"], 0):
            report.problems.append(
                f"entri catatan lacak #{e['seq']}: urutan entri artefak {e['artefact_id']} berubah"
            )
        last_seq[e["artefact_id"]] = e["seq"]
        _check_proof(e, roots, report)
    _check_captured(entries, manifest, report)


def _check_proof(entry: dict[str, Any], roots: dict[str, str], report: PackageReport) -> None:
    proof = entry.get("merkle_proof")
    if proof is None:
        return
    report.proofs_checked += 1
    if roots.get(proof["day"]) != root_from_proof(entry["entry_hash"], proof["path"]):
        report.problems.append(
            f"entri catatan lacak #{entry['seq']}: bukti Merkle tidak mengarah ke akar harian {proof['day']}"
        )


def _check_captured(entries: list[dict[str, Any]], manifest: dict[str, Any], report: PackageReport) -> None:
    captured = {e["artefact_id"]: e for e in entries if e["action"] == "captured"}
    for a in manifest["artefacts"]:
        entry = captured.get(a["id"])
        if entry is None:
            report.problems.append(
                f"artefak {a['id']} ({a['path']}): tidak ada entri 'captured' di catatan lacak"
            )
        elif entry["details"].get("digest") != "sha256:" + a["sha256"]:
            report.problems.append(
                f"artefak {a['id']} ({a['path']}): hash berbeda dari entri catatan lacak #{entry['seq']}"
            )


def _check_tokens(
    zf: zipfile.ZipFile,
    manifest: dict[str, Any],
    tsa_roots: list[x509.Certificate] | None,
    report: PackageReport,
) -> None:
    for root in manifest["daily_roots"]:
        if not root.get("tsa_token"):
            continue
        if not tsa_roots:
            report.notes.append(f"token RFC 3161 {root['day']} tidak diperiksa (berikan --tsa-ca)")
            continue
        message = root_message(date.fromisoformat(root["day"]), root["root"])
        try:
            verify_token(zf.read(root["tsa_token"]), message, tsa_roots)
            report.tokens_checked += 1
        except (TimestampError, KeyError) as exc:
            report.problems.append(f"akar harian {root['day']}: {exc}")
