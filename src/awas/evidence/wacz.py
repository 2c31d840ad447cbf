"""Package a capture as WACZ 1.1.1 (the Webrecorder format ReplayWeb.page opens).

Layout: `archive/data.warc.gz`, `indexes/index.cdx` (CDXJ), `pages/pages.jsonl`, `datapackage.json`
(SHA-256 of every file) and `datapackage-digest.json`. Members are stored uncompressed, as the
spec asks, with the capture time as their date so the same capture always gives the same bytes.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from awas.evidence.hashing import sha256_bytes, sha256_file
from awas.evidence.warc import IndexedRecord

WACZ_VERSION = "1.1.1"


def write_wacz(
    path: Path, warc: Path, index: list[IndexedRecord], page_url: str, title: str, at: datetime, software: str
) -> None:
    """Write the WACZ for one captured page whose exchanges are in `warc`."""
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    members = {
        "indexes/index.cdx": _cdxj(index).encode(),
        "pages/pages.jsonl": _pages(page_url, title, stamp).encode(),
    }
    warc_digest, warc_size = sha256_file(warc)
    resources = [
        {"name": "data.warc.gz", "path": "archive/data.warc.gz", "hash": warc_digest, "bytes": warc_size}
    ]
    resources += [
        {"name": Path(name).name, "path": name, "hash": sha256_bytes(data), "bytes": len(data)}
        for name, data in members.items()
    ]
    package = _json(_datapackage(resources, page_url, title, stamp, software))
    digest = _json({"path": "datapackage.json", "hash": sha256_bytes(package)})
    date_time = at.timetuple()[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        info = zipfile.ZipInfo("archive/data.warc.gz", date_time)
        with zf.open(info, "w", force_zip64=True) as dst, warc.open("rb") as src:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        for name, data in [
            *members.items(),
            ("datapackage.json", package),
            ("datapackage-digest.json", digest),
        ]:
            zf.writestr(zipfile.ZipInfo(name, date_time), data)


def _datapackage(
    resources: list[dict[str, Any]], page_url: str, title: str, stamp: str, software: str
) -> dict[str, Any]:
    return {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title or page_url,
        "created": stamp,
        "modified": stamp,
        "software": software,
        "mainPageUrl": page_url,
        "mainPageDate": stamp,
        "resources": resources,
    }


def _pages(url: str, title: str, stamp: str) -> str:
    header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    page = {"id": sha256_bytes(url.encode())[7:39], "url": url, "ts": stamp, "title": title or url}
    return json.dumps(header) + "\n" + json.dumps(page, ensure_ascii=False) + "\n"


def _cdxj(index: list[IndexedRecord]) -> str:
    lines = []
    for rec in index:
        fields = {
            "url": rec.url,
            "mime": rec.media_type or "unk",
            "status": str(rec.status),
            "digest": rec.payload_sha1,
            "length": str(rec.length),
            "offset": str(rec.offset),
            "filename": "data.warc.gz",
        }
        lines.append(f"{surt(rec.url)} {_cdx_time(rec.warc_date)} {json.dumps(fields)}")
    return "\n".join(sorted(lines)) + "\n"


def surt(url: str) -> str:
    """Sort-friendly URI Reordering Transform: `com,example)/path?query`."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    is_ip = host.replace(".", "").isdigit() or ":" in host
    key = host if is_ip else ",".join(reversed(host.split(".")))  # addresses are not reversed
    if parts.port and parts.port not in (80, 443):
        key += f":{parts.port}"
    path = parts.path.lower() or "/"
    return f"{key}){path}" + (f"?{parts.query.lower()}" if parts.query else "")


def _cdx_time(warc_date: str) -> str:
    return warc_date[:19].replace("-", "").replace("T", "").replace(":", "")


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False).encode()
