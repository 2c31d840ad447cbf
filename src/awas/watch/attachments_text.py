"""Text of a post's attachments for the leak scan: plain text, CSV/TSV, JSON and Excel (.xlsx) files,
read with limits (an attachment is at most 25 MB when stored; here at most `MAX_TEXT` characters
are read, an .xlsx must pass intake's zip-bomb check and its sheets are read as shared strings and
inline cells). Anything else (images, PDFs, video) gives no text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from awas.ingest.attachments import AttachmentRefused, check_zip

MAX_TEXT = 5_000_000
TEXT_TYPES = ("text/", "application/json", "application/csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def attachment_text(path: Path, media: dict[str, str]) -> str:
    """The readable text of one stored attachment ('' when it has none or cannot be read)."""
    name = (media.get("name") or "").lower()
    kind = (media.get("content_type") or media.get("type") or "").lower()
    if not path.is_file():
        return ""
    if name.endswith(".xlsx") or kind == XLSX:
        return _xlsx_text(path)
    if name.endswith((".txt", ".csv", ".tsv", ".json")) or kind.startswith(TEXT_TYPES) or kind == "document":
        return _plain_text(path)
    return ""


def _plain_text(path: Path) -> str:
    with path.open("rb") as handle:
        raw = handle.read(MAX_TEXT)
    if b"\x00" in raw[:4096]:  # binary, not text
        return ""
    return raw.decode("utf-8", errors="replace")


def _xlsx_text(path: Path) -> str:
    """Rows of every sheet, cells joined by tabs (so DPT-like columns stay columns)."""
    try:
        check_zip(path, max_total=50 * 1024 * 1024)
        with zipfile.ZipFile(path) as archive:
            shared = _shared_strings(archive)
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            lines: list[str] = []
            for sheet in sheets:
                lines += _sheet_rows(archive, sheet, shared)
                if sum(len(line) for line in lines) > MAX_TEXT:
                    break
    except (AttachmentRefused, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return ""
    return "\n".join(lines)[:MAX_TEXT]


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    with archive.open("xl/sharedStrings.xml") as handle:
        root = etree.parse(handle, etree.XMLParser(resolve_entities=False, huge_tree=False)).getroot()
    return ["".join(si.itertext()) for si in root.iter(f"{NS}si")]


def _sheet_rows(archive: zipfile.ZipFile, name: str, shared: list[str]) -> list[str]:
    with archive.open(name) as handle:
        root = etree.parse(handle, etree.XMLParser(resolve_entities=False, huge_tree=False)).getroot()
    rows = []
    for row in root.iter(f"{NS}row"):
        rows.append("\t".join(_cell(c, shared) for c in row.iter(f"{NS}c")))
    return rows


def _cell(cell: etree._Element, shared: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(cell.itertext())
    value = cell.findtext(f"{NS}v") or ""
    if kind == "s" and value.isdigit() and int(value) < len(shared):
        return shared[int(value)]
    return value
