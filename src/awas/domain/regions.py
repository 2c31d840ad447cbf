"""Administrative units (wilayah) with Kemendagri codes: `15` → `15.71` → `15.71.01` → `15.71.01.1001`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class RegionLevel(StrEnum):
    PROVINSI = "provinsi"
    KABKOTA = "kabkota"
    KECAMATAN = "kecamatan"
    DESA = "desa"


# Segment widths of a dotted Kemendagri code, by level.
CODE_PATTERNS = {
    RegionLevel.PROVINSI: re.compile(r"^\d{2}$"),
    RegionLevel.KABKOTA: re.compile(r"^\d{2}\.\d{2}$"),
    RegionLevel.KECAMATAN: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    RegionLevel.DESA: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}
_PLAIN_WIDTHS = {
    2: RegionLevel.PROVINSI,
    4: RegionLevel.KABKOTA,
    6: RegionLevel.KECAMATAN,
    10: RegionLevel.DESA,
}


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    level: RegionLevel
    name: str
    parent_code: str | None

    @property
    def plain_code(self) -> str:
        return plain_code(self.code)


def plain_code(code: str) -> str:
    """`15.71.01` → `150101`... the dot-less form Sirekap uses."""
    return code.replace(".", "")


def dotted_code(plain: str) -> str:
    """`1571011001` → `15.71.01.1001`; TPS codes (13 digits) keep their last 3 digits as `.NNN`.

    Raises ValueError for a length that is no wilayah level.
    """
    if not plain.isdigit() or len(plain) not in (2, 4, 6, 10, 13):
        raise ValueError(f"{plain!r} is not a wilayah or TPS code")
    parts = [plain[:2], plain[2:4], plain[4:6], plain[6:10], plain[10:13]]
    return ".".join(p for p in parts if p)


def level_of(code: str) -> RegionLevel | None:
    """Level of a dotted or plain code, or None when it has no valid shape."""
    for level, pattern in CODE_PATTERNS.items():
        if pattern.match(code):
            return level
    return _PLAIN_WIDTHS.get(len(code)) if code.isdigit() else None


def parent_of(code: str) -> str | None:
    """Dotted parent code (`15.71.01` → `15.71`), None for a province."""
    head, sep, _ = code.rpartition(".")
    return head if sep else None
