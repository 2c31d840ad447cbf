"""NIK and KK numbers in free text: find them, validate them against the wilayah reference, mask them.

A NIK is 16 digits: province, kab/kota and kecamatan codes (6 digits, which must exist in the
wilayah reference), the birth date DDMMYY (women: day + 40), and a serial 0001-9999. A KK number
has the same region prefix, the issue date DDMMYY (no +40) and a serial; it is only taken for a KK
when a label says so ("No. KK", "NKK", "kartu keluarga"). Digits may be grouped with single spaces,
dots or hyphens ("1571 0145 0890 0001", "15.71.01.450890.0001").

A label just before a number decides what it is when one is present: "rek", "HP", "order",
"invoice", "NPWP"... mean it is not a NIK, whatever its digits look like.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

RUN = re.compile(r"\d+(?:[ .\-]\d+)*")
SEPARATOR = re.compile(r"[ .\-]")
PREFILTER = r"\d(?:[ .\-]?\d){15}"  # Polars/Rust regex: some 16-digit group somewhere
LABEL_WINDOW = 40
NIK_LABEL = re.compile(r"\b(?:nik|n\.i\.k|e-?ktp|ktp|nomor induk kependudukan)\b")
KK_LABEL = re.compile(r"\b(?:nkk|kk|no\.?\s*kk|nomor kk|kartu keluarga)\b")
NOT_NIK_LABEL = re.compile(
    r"\b(?:rek|rekening|norek|account|acc|a/n|hp|telp|telepon|tlp|wa|whatsapp|phone|ponsel|order|"
    r"pesanan|invoice|inv|resi|awb|transaksi|trx|kartu kredit|credit card|cc|va|virtual account|"
    r"npwp|imei|serial|sn|id pelanggan|meter|token|bpjs|polis|kode booking|booking|tiket|ref)\b"
)
MASK = "*"


@dataclass(frozen=True, slots=True)
class NumberHit:
    """A valid NIK or KK number at [start, end) of the text it was found in."""

    kind: str  # "nik" | "kk"
    start: int
    end: int
    digits: str

    @property
    def region(self) -> str:
        """Dotted kecamatan code (`15.71.01`)."""
        return f"{self.digits[:2]}.{self.digits[2:4]}.{self.digits[4:6]}"

    @property
    def masked(self) -> str:
        return masked_digits(self.digits)


def masked_digits(digits: str) -> str:
    """Keep the wilayah prefix (6 digits: no person is identified by it), hide date and serial."""
    return digits[:6] + MASK * (len(digits) - 6)


def valid_date(day: int, month: int, yy: int) -> bool:
    """A real calendar date in 19YY or 20YY (the century is not written)."""
    for year in (1900 + yy, 2000 + yy):
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


def valid_number(digits: str, kecamatan: frozenset[str], kind: str = "nik") -> bool:
    """Structure check of a 16-digit NIK (`kind="nik"`) or KK number against the kecamatan codes."""
    if len(digits) != 16 or not digits.isdigit() or digits[:6] not in kecamatan:
        return False
    if digits[12:] == "0000":
        return False
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if kind == "nik" and day > 40:
        day -= 40
    return valid_date(day, month, yy)


def candidates(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of every 16-digit group: a whole run of 16 digits, or in longer runs the
    windows of whitespace-separated tokens that add up to exactly 16 digits."""
    for match in RUN.finditer(text):
        run = match.group()
        digits = SEPARATOR.sub("", run)
        if len(digits) == 16:
            yield match.start(), match.end(), digits
        elif len(digits) > 16:
            yield from _windows(run, match.start())


def _windows(run: str, offset: int) -> Iterator[tuple[int, int, str]]:
    tokens = [(m.start(), m.end(), SEPARATOR.sub("", m.group())) for m in re.finditer(r"[^ ]+", run)]
    i = 0
    while i < len(tokens):
        total, j = 0, i
        while j < len(tokens) and total < 16:
            total += len(tokens[j][2])
            j += 1
        if total == 16:
            yield offset + tokens[i][0], offset + tokens[j - 1][1], "".join(t[2] for t in tokens[i:j])
            i = j
        else:
            i += 1


def label_before(text: str, start: int) -> str | None:
    """`nik`, `kk` or `other` for the label closest before `start` (within 40 characters), else None.

    A label with other digits between it and the number labels those digits, not this number."""
    window = text[max(0, start - LABEL_WINDOW) : start].lower()
    best: tuple[int, str] | None = None
    for kind, pattern in (("nik", NIK_LABEL), ("kk", KK_LABEL), ("other", NOT_NIK_LABEL)):
        for found in pattern.finditer(window):
            if best is None or found.end() > best[0]:
                best = (found.end(), kind)
    if best is None or any(ch.isdigit() for ch in window[best[0] :]):
        return None
    return best[1]


def find_numbers(text: str, kecamatan: frozenset[str], column_kind: str | None = None) -> list[NumberHit]:
    """Every valid NIK and KK number in `text`; `column_kind` ("nik"/"kk") is the table column's name."""
    hits = []
    for start, end, digits in candidates(text):
        label = column_kind or label_before(text, start)
        if label == "other":
            continue
        kind = "kk" if label == "kk" else "nik"
        if valid_number(digits, kecamatan, kind):
            hits.append(NumberHit(kind, start, end, digits))
    return hits


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the digits after the first six of each span replaced by `*` (separators kept)."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(_mask_run(text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def _mask_run(run: str) -> str:
    seen = 0
    chars = []
    for char in run:
        if char.isdigit():
            seen += 1
            chars.append(char if seen <= 6 else MASK)
        else:
            chars.append(char)
    return "".join(chars)


def mask_numbers(text: str, kecamatan: frozenset[str]) -> str:
    """`text` with every valid NIK/KK masked (the function every display and export goes through)."""
    return mask_spans(text, ((h.start, h.end) for h in find_numbers(text, kecamatan)))
