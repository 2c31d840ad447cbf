"""`manifest.json` and `BACA-SAYA.txt` of an evidence package."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from awas.evidence.environment import both_times, tool_versions
from awas.evidence.hashing import hex_of
from awas.evidence.package_contents import PackageContents, artefact_path
from awas.evidence.providers import CaseHeader

FORMAT = "awas-evidence-package-1"
HASH_RULE = (
    "hash entri = SHA-256 atas JSON kanonik (kunci terurut, tanpa spasi, UTF-8) dari "
    "{seq, at, actor, action, artefact_id, reason, details, prev_hash}; prev_hash = hash entri sebelumnya "
    "(64 nol untuk entri pertama). Akar harian = pohon Merkle atas hash entri hari itu (daun "
    "SHA-256(0x00||hash), simpul SHA-256(0x01||kiri||kanan), simpul ganjil naik apa adanya)."
)


def build_manifest(
    header: CaseHeader, contents: PackageContents, *, actor: str, reason: str, generated_at: datetime
) -> dict[str, Any]:
    """The package manifest: case, artefacts with hashes, captures, custody log, daily roots."""
    return {
        "format": FORMAT,
        "case": {
            "id": header.case_id,
            "number": header.number,
            "title": header.title,
            "status": header.status,
        }
        | ({"details": header.details} if header.details else {}),
        "generated_at": both_times(generated_at),
        "generated_by": actor,
        "reason": reason,
        "software": dict(tool_versions()),
        "artefacts": [_artefact(a) for a in contents.artefacts],
        "captures": [_capture(c) for c in contents.captures],
        "links": [
            {
                "artefact_id": link.artefact_id,
                "subject": str(link.subject),
                "linked_at": both_times(link.linked_at),
                "actor": link.actor,
                "reason": link.reason,
            }
            for link in contents.links
        ],
        "custody_log": {"path": "log-lacak.jsonl", "entries": len(contents.entries), "hash_rule": HASH_RULE},
        "daily_roots": [
            {
                "day": r.day.isoformat(),
                "root": r.root,
                "entry_count": r.entry_count,
                "first_seq": r.first_seq,
                "last_seq": r.last_seq,
                "tsa_url": r.tsa_url,
                "tsa_time": both_times(r.tsa_time) if r.tsa_time else None,
                "tsa_token": f"cap-waktu/{r.day.isoformat()}.tsr" if r.tsa_token else None,
            }
            for r in contents.roots
        ],
        "ledger_head": {"seq": contents.head[0], "entry_hash": contents.head[1]},
    }


def _artefact(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "capture_id": a.capture_id,
        "kind": a.kind,
        "path": artefact_path(a),
        "sha256": hex_of(a.digest),
        "size": a.size,
        "media_type": a.media_type,
        "stored_at": both_times(a.created_at),
    }


def _capture(c: Any) -> dict[str, Any]:
    meta = c.metadata
    return {
        "id": c.id,
        "source_kind": c.source_kind,
        "url": c.url,
        "final_url": c.final_url,
        "http_status": c.http_status,
        "peer_ip": c.peer_ip,
        "media_type": c.media_type,
        "captured_by": c.actor,
        "reason": c.reason,
        "started_at": both_times(c.started_at),
        "finished_at": both_times(c.finished_at),
        "capture_host": meta.get("capture_host"),
        "tls": (meta.get("http") or {}).get("tls"),
        "tools": meta.get("tools"),
        "source": meta.get("source"),
        "browser": meta.get("browser"),
    }


def readme_text(manifest: dict[str, Any]) -> str:
    """Plain-text instructions (Bahasa Indonesia) for checking the package without awas."""
    case = manifest["case"]
    return f"""PAKET BUKTI DIGITAL - kasus {case["number"]} {case["title"]}
Dibuat {manifest["generated_at"]["wib"]} (WIB) oleh {manifest["generated_by"]}
dengan awas {manifest["software"]["awas"]}.

Isi paket
  bukti/            berkas bukti asli dari brankas (WARC, WACZ, teks, rantai sertifikat TLS,
                    tangkapan layar, PDF, rekaman mentah)
  manifest.json     daftar berkas dengan hash SHA-256 dan metadata pengambilan
  log-lacak.jsonl   catatan lacak (chain of custody) setiap bukti, berantai hash
  akar-harian.json  akar Merkle harian buku besar; cap-waktu/*.tsr token RFC 3161 (jika ada)
  berita-acara.pdf  berita acara pengambilan dan penyerahan bukti
  SHA256SUMS        hash SHA-256 semua berkas di atas

Cara memeriksa (tanpa awas)
  1. Ekstrak paket:            unzip paket.zip -d paket && cd paket
  2. Periksa semua hash:       sha256sum -c SHA256SUMS
     Setiap baris harus berakhir "OK". Satu saja "FAILED" berarti berkas berubah.
  3. Cocokkan hash di berita acara dengan baris SHA256SUMS untuk berkas yang sama.
  4. Akar harian dapat dibandingkan dengan akar yang telah diumumkan/dikirim ke mitra.

Dengan awas: awas evidence verify-package paket.zip
  memeriksa hash, rantai hash tiap entri catatan lacak, dan bukti Merkle ke akar harian.

Aturan hash catatan lacak: {HASH_RULE}
"""
