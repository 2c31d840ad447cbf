"""The *berita acara* (official record) of an evidence package, in Bahasa Indonesia, as PDF.

HTML and CSS rendered by WeasyPrint (pango from Debian). It states what was captured, when, where
from, by whom and with which tools, lists every file with its SHA-256, summarises the custody log
and the daily roots, and explains how to check the package with `sha256sum` alone.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MAX_LOG_ROWS = 300
CSS = """
@page { size: A4; margin: 18mm 16mm;
  @bottom-right { content: "hal. " counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.35; }
h1 { font-size: 13pt; text-align: center; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; margin: 5mm 0 2mm; border-bottom: 0.5pt solid #444; }
p.center { text-align: center; margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm; }
th, td { border: 0.4pt solid #777; padding: 1mm 1.2mm; vertical-align: top; text-align: left; }
th { background: #eee; }
td.hash, code { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; word-break: break-all; }
.sign { margin-top: 10mm; }
.sign td { border: none; text-align: center; height: 28mm; vertical-align: bottom; }
"""


def tanggal_panjang(wib_iso: str) -> str:
    """`Selasa, 5 November 2024 pukul 14.30 WIB` from an ISO time with +07:00."""
    at = datetime.fromisoformat(wib_iso)
    return f"{HARI[at.weekday()]}, {at.day} {BULAN[at.month - 1]} {at.year} pukul {at:%H.%M} WIB"


def render_berita_acara(manifest: dict[str, Any], entries: list[dict[str, Any]]) -> bytes:
    """The PDF bytes for a package manifest and its custody entries."""
    from weasyprint import HTML  # imported here: it loads pango, which only exports need

    return bytes(HTML(string=berita_acara_html(manifest, entries)).write_pdf())


def berita_acara_html(manifest: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    case = manifest["case"]
    sections = [
        _opening(manifest, case),
        _files(manifest),
        _captures(manifest),
        _custody(manifest, entries),
        _roots(manifest),
        _how_to_check(),
        _signatures(),
    ]
    head = f"<head><meta charset='utf-8'><style>{CSS}</style></head>"
    return f"<html lang='id'>{head}<body>{''.join(sections)}</body></html>"


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _opening(manifest: dict[str, Any], case: dict[str, Any]) -> str:
    title = f" — {_e(case['title'])}" if case.get("title") else ""
    status = f" (status: {_e(case['status'])})" if case.get("status") else ""
    return (
        "<h1>BERITA ACARA<br/>PENGAMBILAN, PENGAMANAN, DAN PENYERAHAN BUKTI DIGITAL</h1>"
        f"<p class='center'>Kasus nomor {_e(case['number'])}{title}</p>"
        f"<p>Pada hari ini, {_e(tanggal_panjang(manifest['generated_at']['wib']))}, "
        f"telah disusun paket bukti digital untuk kasus nomor <b>{_e(case['number'])}</b>{status} "
        f"oleh <b>{_e(manifest['generated_by'])}</b> "
        f"menggunakan perangkat lunak awas {_e(manifest['software'].get('awas'))}. Paket memuat "
        f"{len(manifest['artefacts'])} berkas bukti dari {len(manifest['captures'])} pengambilan, "
        "catatan lacak "
        f"sebanyak {manifest['custody_log']['entries']} entri, dan daftar hash SHA-256 seluruh berkas.</p>"
        + (f"<p>Alasan: {_e(manifest['reason'])}</p>" if manifest.get("reason") else "")
    )


def _table(head: list[str], rows: list[list[str]], hash_col: int | None = None) -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(f"<td class='hash'>{c}</td>" if i == hash_col else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _files(manifest: dict[str, Any]) -> str:
    rows = [
        [str(i), _e(a["path"]), _e(a["kind"]), f"{a['size']:,}".replace(",", "."), _e(a["sha256"])]
        for i, a in enumerate(manifest["artefacts"], 1)
    ]
    return "<h2>I. Daftar berkas bukti</h2>" + _table(
        ["No", "Berkas", "Jenis", "Ukuran (bita)", "SHA-256"], rows, 4
    )


def _captures(manifest: dict[str, Any]) -> str:
    parts = ["<h2>II. Rincian pengambilan</h2>"]
    for c in manifest["captures"]:
        parts.append(_table(["Pengambilan " + _e(c["id"]), ""], _capture_rows(c)))
    return "".join(parts)


def _capture_rows(c: dict[str, Any]) -> list[list[str]]:
    host = c.get("capture_host") or {}
    source = c.get("source") or {}
    where = (
        _e(c["url"])
        if c["source_kind"] == "url"
        else f"pos {_e(source.get('platform'))}:{_e(source.get('post_id'))}"
    )
    rows = [
        ["Sumber", where],
        ["Waktu", f"{_e(tanggal_panjang(c['started_at']['wib']))} ({_e(c['started_at']['utc'])})"],
        ["Diambil oleh", f"{_e(c['captured_by'])}; alasan: {_e(c['reason']) or '-'}"],
        ["Dari perangkat", f"{_e(host.get('hostname'))}, alamat IP {_e(host.get('ip'))}"],
        ["Perangkat lunak", _e(", ".join(f"{k} {v}" for k, v in (c.get("tools") or {}).items()))],
    ]
    if c["source_kind"] == "url":
        tls = c.get("tls")
        rows.insert(
            1,
            [
                "Tujuan akhir",
                f"{_e(c['final_url'])} (HTTP {_e(c['http_status'])}, IP server {_e(c['peer_ip'])})",
            ],
        )
        rows.append(
            [
                "TLS",
                f"{_e(tls['version'])}, {len(tls['chain_sha256'])} sertifikat, terverifikasi"
                if tls
                else "tidak (HTTP)",
            ]
        )
    return rows


def _custody(manifest: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    return (
        "<h2>III. Catatan lacak (chain of custody)</h2>"
        f"<p>Setiap peristiwa atas setiap berkas tercatat di buku besar berantai hash (log-lacak.jsonl, "
        f"{manifest['custody_log']['entries']} entri untuk berkas paket ini). Kepala buku besar saat ekspor: "
        f"entri #{manifest['ledger_head']['seq']}, "
        f"hash <code>{_e(manifest['ledger_head']['entry_hash'])}</code>.</p>"
        f"<p>{_e(manifest['custody_log']['hash_rule'])}</p>"
    ) + _log_table(entries)


def _log_table(entries: list[dict[str, Any]]) -> str:
    rows = [
        [
            f"#{e['seq']}",
            _e(e["at_wib"]),
            _e(e["actor"]),
            _e(e["action"]),
            _e(e["artefact_id"]),
            _e(e["reason"]),
        ]
        for e in entries[:MAX_LOG_ROWS]
    ]
    more = (
        f"<p>... dan {len(entries) - MAX_LOG_ROWS} entri lain di log-lacak.jsonl.</p>"
        if len(entries) > MAX_LOG_ROWS
        else ""
    )
    return (
        (_table(["Entri", "Waktu (WIB)", "Pelaku", "Tindakan", "Artefak", "Alasan"], rows) + more)
        if rows
        else ""
    )


def _roots(manifest: dict[str, Any]) -> str:
    if not manifest["daily_roots"]:
        return "<h2>IV. Akar harian</h2><p>Entri paket ini belum masuk hari yang disegel (hari berjalan).</p>"
    rows = [
        [
            _e(r["day"]),
            str(r["entry_count"]),
            _e(r["root"]),
            _e(r["tsa_time"]["wib"]) if r.get("tsa_time") else "belum",
        ]
        for r in manifest["daily_roots"]
    ]
    return "<h2>IV. Akar harian buku besar (Merkle)</h2>" + _table(
        ["Tanggal", "Entri", "Akar", "Cap waktu RFC 3161"], rows, 2
    )


def _how_to_check() -> str:
    return (
        "<h2>V. Cara memeriksa keaslian</h2><ol>"
        "<li>Ekstrak paket: <code>unzip paket.zip -d paket &amp;&amp; cd paket</code></li>"
        "<li>Jalankan <code>sha256sum -c SHA256SUMS</code>; setiap baris harus berakhir <b>OK</b>. "
        "Satu saja <b>FAILED</b> berarti berkas tersebut telah berubah.</li>"
        "<li>Cocokkan nilai SHA-256 pada Bagian I dengan baris yang sama di SHA256SUMS.</li>"
        "<li>Bandingkan akar harian (Bagian IV) dengan akar yang telah diumumkan atau dikirim "
        "kepada mitra.</li>"
        "<li>Dengan awas: <code>awas evidence verify-package paket.zip</code> "
        "juga memeriksa rantai hash catatan "
        "lacak dan bukti Merkle setiap entri.</li></ol>"
    )


def _signatures() -> str:
    return (
        "<table class='sign'><tr><td>Yang menyerahkan,<br/><br/><br/>(....................)</td>"
        "<td>Yang menerima,<br/><br/><br/>(....................)</td>"
        "<td>Saksi,<br/><br/><br/>(....................)</td></tr></table>"
    )
