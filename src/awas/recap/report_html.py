"""The readable audit report (HTML, Bahasa Indonesia): summary, findings per rule, repair hints
with C.Hasil photo links, cross-level differences, statistical screening with its caveats and the
Klimek fingerprints. Long rule sections are cut at MAX_ROWS rows (the JSON/CSV have everything).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from awas.recap.describe import RULE_TITLES
from awas.recap.engine import AuditOutcome
from awas.recap.forensics import CAVEATS
from awas.recap.model import SnapshotInfo
from awas.timeutil import to_wib, utcnow

MAX_ROWS = 300
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.85rem}"
    "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "th{background:#f1f1f1}.note{background:#fff6da;border-left:4px solid #e0a800;padding:.5rem 1rem}"
    ".stale{color:#777}.mismatch{color:#b00020;font-weight:bold}img{margin:.3rem;border:1px solid #ddd}"
)
HEAD = (
    "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
    "<title>Audit rekapitulasi suara</title><style>{style}</style></head><body>"
)
NOTE = (
    "<p class='note'>Angka Sirekap adalah alat bantu publikasi; hasil resmi adalah rekapitulasi "
    "berjenjang (D.Hasil kecamatan, kab/kota, provinsi). Setiap temuan perlu dicocokkan dengan foto "
    "C.Hasil dan formulir D.</p>"
)


def render_report(
    outcome: AuditOutcome,
    snapshots: list[SnapshotInfo],
    images: Iterable[Path] = (),
    base: Path | None = None,
) -> str:
    """The report as one HTML document; `images` (fingerprint PNGs) are linked relative to `base`."""
    units = f"{outcome.units:,}".replace(",", ".")
    parts = [
        HEAD.format(style=STYLE),
        "<h1>Laporan audit rekapitulasi suara</h1>",
        f"<p>Dibuat {to_wib(utcnow()):%d-%m-%Y %H:%M} WIB oleh awas. Satuan dibaca: {units}.</p>",
        NOTE,
        _snapshots(snapshots),
        _summary(outcome),
    ]
    for rule in sorted(outcome.summary):
        parts.append(_section(rule, outcome.findings.filter(pl.col("rule") == rule)))
    parts.append(_screening(outcome, images, base))
    parts.append("</body></html>")
    return "\n".join(parts)


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(head: list[str], rows: Iterable[Iterable[object]], raw: bool = False) -> str:
    cells = "".join(f"<th>{_esc(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{v if raw else _esc(v)}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{cells}</tr>{body}</table>"


def _snapshots(snapshots: list[SnapshotInfo]) -> str:
    rows = [
        (
            s.short_id,
            s.kind.value,
            s.race,
            s.source,
            s.units,
            s.captured_at and f"{to_wib(s.captured_at):%d-%m-%Y %H:%M} WIB",
        )
        for s in snapshots
    ]
    return "<h2>Snapshot yang diaudit</h2>" + _table(
        ["id", "jenis", "pemilihan", "sumber", "satuan", "data terbaru"], rows
    )


def _summary(outcome: AuditOutcome) -> str:
    rows = [(rule, RULE_TITLES.get(rule, ""), count) for rule, count in outcome.summary.items()]
    return "<h2>Ringkasan</h2>" + _table(["aturan", "nama", "jumlah"], rows)


def _section(rule: str, findings: pl.DataFrame) -> str:
    head = f"<h2 id='{rule}'>{rule} — {_esc(RULE_TITLES.get(rule, ''))} ({findings.height})</h2>"
    if rule in CAVEATS:
        head += f"<p class='note'>{_esc(CAVEATS[rule])}</p>"
    shown = findings.head(MAX_ROWS)
    if rule == "H01":
        rows = [
            (_esc(u), _esc(m), _photo_links(v))
            for u, m, v in shown.select("unit", "message", "values").iter_rows()
        ]
        body = _table(["TPS", "saran (bukan perubahan data)", "foto C.Hasil"], rows, raw=True)
    elif rule.startswith("X"):
        cross = [
            (_esc(u), _esc(p), _status(v), _esc(m))
            for u, p, v, m in shown.select("unit", "paslon", "values", "message").iter_rows()
        ]
        body = _table(["wilayah", "paslon", "status", "keterangan"], cross, raw=True)
    else:
        rows = [(u, p or "", m) for u, p, m in shown.select("unit", "paslon", "message").iter_rows()]
        body = _table(["satuan", "paslon", "keterangan"], rows)
    more = (
        f"<p>… dan {findings.height - MAX_ROWS} lagi (lihat keluaran JSON/CSV).</p>"
        if findings.height > MAX_ROWS
        else ""
    )
    return head + body + more


def _photo_links(values: str) -> str:
    urls = json.loads(values).get("photos", [])
    return " ".join(f"<a href='{_esc(u)}'>hal. {i}</a>" for i, u in enumerate(urls, start=1)) or "-"


def _status(values: str) -> str:
    status = json.loads(values).get("status", "")
    label = {"stale": "basi (beda waktu terbit)", "mismatch": "TIDAK COCOK"}.get(status, status or "beda")
    return f"<span class='{_esc(status)}'>{_esc(label)}</span>"


def _screening(outcome: AuditOutcome, images: Iterable[Path], base: Path | None) -> str:
    if outcome.kab_table.height == 0:
        return ""
    table = outcome.kab_table.sort("rule", "kab", "paslon", nulls_last=True)
    rows = [
        (
            r["rule"],
            r["kab"],
            r.get("paslon") or "",
            r["n"],
            r["statistic"],
            _p(r["p_value"]),
            r["mean"],
            r["expected_mean"],
        )
        for r in table.iter_rows(named=True)
    ]
    notes = "".join(f"<li><b>{rule}</b>: {_esc(text)}</li>" for rule, text in CAVEATS.items())
    pics = "".join(
        f"<img src='{_esc(p.relative_to(base) if base else p)}' alt='sidik jari {_esc(p.stem)}'>"
        for p in images
    )
    return (
        "<h2>Skrining statistik per kab/kota (hanya peringkat, bukan pelanggaran)</h2>"
        f"<ul>{notes}</ul>"
        + _table(["uji", "kab/kota", "paslon", "n", "statistik", "p", "nilai", "harapan"], rows)
        + "<h3>Sidik jari partisipasi × suara pemenang (Klimek)</h3>"
        + pics
    )


def _p(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"
