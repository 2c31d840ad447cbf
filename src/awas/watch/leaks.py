"""Voter-data leaks in a text (a post, a page, an attachment): NIK and KK numbers, DPT-like tables
(name, NIK, address, TPS columns) and offers to sell or share "data DPT".

`scan_text` returns a `LeakReport` that holds only masked material: the numbers' wilayah prefix, a
digest of each number (to recognise the same leak when it is posted again), counts, column names
and a masked excerpt. Nothing in it can re-identify a voter.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from awas.watch.nik import NumberHit, find_numbers, mask_spans
from awas.watch.records import Severity

DELIMITERS = (",", ";", "\t", "|")
NIK_COLUMNS = frozenset({"nik", "no nik", "no. nik", "nomor nik", "no ktp", "nik/ktp", "ktp"})
KK_COLUMNS = frozenset({"nkk", "no kk", "no. kk", "nomor kk", "kk", "no.kk"})
DPT_COLUMNS = frozenset(
    {
        "nama", "nama lengkap", "alamat", "tps", "no tps", "jenis kelamin", "jk", "l/p", "tempat lahir",
        "tanggal lahir", "tgl lahir", "ttl", "rt", "rw", "kelurahan", "desa", "kecamatan", "usia", "umur",
        "status perkawinan", "kawin", "disabilitas", "ket",
    }
)  # fmt: skip
TRADE = (
    r"jual|dijual|menjual|jualan|wts|for sale|selling|sell|harga|murah|minat|open order|ready|tersedia|sedia"
)
SHARE = r"share|dishare|bagikan|dibagikan|gratis|free|download|unduh|link|leak|leaked|dump|bocoran"
DATA = (
    r"data\s*dpt|dpt|data pemilih|daftar pemilih(?: tetap)?|database (?:pemilih|kpu|dpt|penduduk|dukcapil)|"
    r"data (?:ktp|kk|nik|penduduk|dukcapil|kependudukan)|nik\s*(?:dan|\+|&)\s*kk|e-?ktp"
)
OFFER = re.compile(
    rf"\b(?:{TRADE}|{SHARE})\b.{{0,80}}?\b(?:{DATA})\b|\b(?:{DATA})\b.{{0,80}}?\b(?:{TRADE}|{SHARE})\b",
    re.IGNORECASE | re.DOTALL,
)
DENIAL = re.compile(r"\b(?:membantah|bantah|hoaks|hoax|tidak benar|klarifikasi|waspada penipuan)\b", re.I)
HIDDEN_ROW = "[baris data pribadi disembunyikan]"


@dataclass(frozen=True, slots=True)
class LeakReport:
    """What one text leaks (masked). `numbers` are NIK and KK hits; `table_rows` DPT-like rows."""

    numbers: tuple[NumberHit, ...] = ()
    table_rows: int = 0
    table_columns: tuple[str, ...] = ()
    offer: str = ""  # the offer phrase, masked
    table_lines: frozenset[int] = field(default_factory=frozenset)

    @property
    def niks(self) -> int:
        return sum(1 for h in self.numbers if h.kind == "nik")

    @property
    def kks(self) -> int:
        return sum(1 for h in self.numbers if h.kind == "kk")

    def is_incident(self, min_numbers: int) -> bool:
        """An offer, a DPT-like table, or at least `min_numbers` distinct valid numbers."""
        return bool(self.offer) or self.table_rows > 0 or len(self.digests) >= min_numbers

    @property
    def digests(self) -> tuple[str, ...]:
        return tuple(sorted({hashlib.sha256(h.digits.encode()).hexdigest()[:16] for h in self.numbers}))

    @property
    def severity(self) -> Severity:
        count = len(self.digests)
        if self.table_rows >= 10 or count >= 100 or (self.offer and count >= 10):
            return Severity.CRITICAL
        if (self.offer and count) or count >= 10 or self.table_rows:
            return Severity.HIGH
        return Severity.MEDIUM

    def key(self, fallback: str) -> str:
        """Same numbers (or, without numbers, the same offer text) = the same leak."""
        if self.digests:
            return "leak:" + hashlib.sha256("".join(self.digests).encode()).hexdigest()[:40]
        norm = re.sub(r"[\W\d_]+", " ", (self.offer or fallback).lower()).strip()
        return "leak-offer:" + hashlib.sha256(norm.encode()).hexdigest()[:40]

    def regions(self) -> dict[str, int]:
        """Kecamatan code → count of leaked numbers (the one thing safe to show about them)."""
        counts: dict[str, int] = {}
        for hit in self.numbers:
            counts[hit.region] = counts.get(hit.region, 0) + 1
        return counts

    def describe(self) -> str:
        parts = []
        if self.niks:
            parts.append(f"{self.niks} NIK")
        if self.kks:
            parts.append(f"{self.kks} nomor KK")
        if self.table_rows:
            parts.append(f"tabel mirip DPT {self.table_rows} baris ({', '.join(self.table_columns)})")
        if self.offer:
            parts.append(f"tawaran data: «{self.offer}»")
        return "; ".join(parts) or "tidak ada"

    def as_dict(self) -> dict[str, object]:
        return {
            "nik": self.niks,
            "kk": self.kks,
            "distinct_numbers": len(self.digests),
            "masked": sorted({h.masked for h in self.numbers})[:50],
            "regions": self.regions(),
            "table_rows": self.table_rows,
            "table_columns": list(self.table_columns),
            "offer": self.offer,
        }


def scan_text(text: str, kecamatan: frozenset[str]) -> LeakReport:
    """Every leak signal in `text` (see the module docstring)."""
    lines = text.splitlines(keepends=True)
    table_hits, rows, columns, table_lines = _table(lines, kecamatan)
    numbers = table_hits + [
        hit for hit in find_numbers(text, kecamatan) if not any(_same(hit, t) for t in table_hits)
    ]
    return LeakReport(tuple(numbers), rows, columns, _offer(text, kecamatan), frozenset(table_lines))


def merge(reports: list[LeakReport]) -> LeakReport:
    """One report for a post and its attachments."""
    numbers = tuple(h for r in reports for h in r.numbers)
    columns = tuple(dict.fromkeys(c for r in reports for c in r.table_columns))
    offer = next((r.offer for r in reports if r.offer), "")
    return LeakReport(numbers, sum(r.table_rows for r in reports), columns, offer)


def masked_text(text: str, report: LeakReport, kecamatan: frozenset[str]) -> str:
    """`text` safe to store and show: numbers masked, rows of a DPT-like table replaced."""
    lines = text.splitlines(keepends=True)
    for index in report.table_lines:
        if index < len(lines):
            lines[index] = HIDDEN_ROW + ("\n" if lines[index].endswith("\n") else "")
    joined = "".join(lines)
    return mask_spans(joined, ((h.start, h.end) for h in find_numbers(joined, kecamatan)))


def _same(a: NumberHit, b: NumberHit) -> bool:
    return a.digits == b.digits


def _offer(text: str, kecamatan: frozenset[str]) -> str:
    if DENIAL.search(text):
        return ""
    found = OFFER.search(text)
    if not found:
        return ""
    snippet = " ".join(found.group().split())[:160]
    return mask_spans(snippet, ((h.start, h.end) for h in find_numbers(snippet, kecamatan)))


def _table(
    lines: list[str], kecamatan: frozenset[str]
) -> tuple[list[NumberHit], int, tuple[str, ...], list[int]]:
    """Numbers, row count, column names and line numbers of DPT-like rows (with or without header)."""
    hits: list[NumberHit] = []
    rows: list[int] = []
    columns: tuple[str, ...] = ()
    header: tuple[str, int, str] | None = None  # delimiter, column index, column kind
    for index, line in enumerate(lines):
        delimiter = _delimiter(line)
        fields = [f.strip().strip('"').lower() for f in line.split(delimiter)] if delimiter else []
        found = _header(fields)
        if found is not None and delimiter:
            header, columns = (delimiter, found[0], found[1]), tuple(f for f in fields if f)
            continue
        row_hits = _row_hits(line, fields, header, delimiter, kecamatan)
        if row_hits:
            hits += row_hits
            rows.append(index)
    if header is None and len(rows) < 3:  # a few numbers in prose are not a table
        return [], 0, (), []
    return hits, len(rows), columns, rows


def _row_hits(
    line: str,
    fields: list[str],
    header: tuple[str, int, str] | None,
    delimiter: str | None,
    kec: frozenset[str],
) -> list[NumberHit]:
    if not delimiter or len(fields) < 3:
        return []
    if header is not None and header[0] == delimiter and header[1] < len(fields):
        return find_numbers(line, kec, column_kind=header[2])
    return find_numbers(line, kec)


def _delimiter(line: str) -> str | None:
    counts = [(line.count(d), d) for d in DELIMITERS]
    count, delimiter = max(counts)
    return delimiter if count >= 2 else None


def _header(fields: list[str]) -> tuple[int, str] | None:
    """(index, "nik"/"kk") of the number column when `fields` look like a DPT header."""
    names = set(fields)
    if not any(f.startswith("nama") for f in fields) or len(names & DPT_COLUMNS) < 2:
        return None
    for index, name in enumerate(fields):
        if name in NIK_COLUMNS:
            return index, "nik"
    for index, name in enumerate(fields):
        if name in KK_COLUMNS:
            return index, "kk"
    return None


def mask_leak(text: str, kecamatan: frozenset[str]) -> str:
    """`text` with every leak masked: numbers, and the rows of a DPT-like table."""
    return masked_text(text, scan_text(text, kecamatan), kecamatan)
