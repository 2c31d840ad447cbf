"""Input guards shared by the readers: size caps, encoding sniffing, locating a broken CSV line.

A flat TPS CSV of every TPS in Indonesia (about 825,000 rows with photo URLs) is about 400 MB, so
768 MiB leaves room; anything bigger is refused before it is read. A Sirekap JSON record is a few
kilobytes: 16 MiB per JSON file is generous and stops a hostile file from filling memory.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from awas.errors import InputError, InputProblem

MAX_TABLE_BYTES = 768 * 1024 * 1024
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_TREE_FILES = 2_000_000
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def human_size(size: int) -> str:
    """`1073741824` → `1.0 GiB`."""
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def check_size(path: Path, limit: int) -> int:
    """Size of `path` in bytes. Raises InputError when it is missing, empty or above `limit`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(InputProblem(str(path), f"berkas tidak dapat dibaca: {exc.strerror}")) from None
    if size == 0:
        raise InputError(InputProblem(str(path), "berkas kosong"))
    if size > limit:
        reason = f"berkas terlalu besar ({human_size(size)}; batas {human_size(limit)}), tidak dibaca"
        raise InputError(InputProblem(str(path), reason))
    return size


def check_text_encoding(path: Path, head: bytes) -> None:
    """Refuse UTF-16/UTF-32 text (Excel's 'Unicode text') and binary data up front."""
    if head.startswith(_UTF16_32_BOMS) or b"\x00" in head[:4096]:
        reason = "pengodean bukan UTF-8 (UTF-16/biner); simpan ulang sebagai CSV UTF-8"
        raise InputError(InputProblem(str(path), reason, line=1))


def read_head(path: Path, size: int = 65536) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def locate_csv_problem(path: Path, detail: str) -> InputError:
    """Find the first line that is not UTF-8 or has the wrong number of fields (error path only)."""
    with path.open("rb") as handle:
        header_fields: int | None = None
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                reason = f"bukan UTF-8 (byte {raw[exc.start]:#04x} pada kolom ke-{exc.start + 1})"
                return InputError(InputProblem(str(path), reason, line=number))
            fields = next(csv.reader(io.StringIO(text)), [])
            if header_fields is None:
                header_fields = len(fields)
            elif fields and len(fields) != header_fields:
                reason = (
                    f"jumlah kolom {len(fields)}, seharusnya {header_fields} (baris terpotong atau rusak)"
                )
                return InputError(InputProblem(str(path), reason, line=number))
    return InputError(InputProblem(str(path), f"CSV tidak dapat dibaca: {detail.splitlines()[0]}"))
