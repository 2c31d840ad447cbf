"""Write fetched exchanges as WARC 1.1 records (warcio), remembering where each record sits.

Per exchange: a `request` record (the bytes sent), a `response` record (the bytes received, with
`WARC-IP-Address`), and for HTTPS a `metadata` record with the TLS protocol, cipher and the peer's
certificate chain in PEM. The record offsets feed the WACZ index.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from warcio.warcwriter import WARCWriter

from awas.evidence.fetch import Exchange, TlsInfo


@dataclass(frozen=True, slots=True)
class IndexedRecord:
    """A response record's place in the WARC, for CDXJ."""

    url: str
    warc_date: str
    status: int
    media_type: str
    payload_sha1: str
    offset: int
    length: int


def write_warc(path: Path, exchanges: list[Exchange], software: str) -> list[IndexedRecord]:
    """Write `exchanges` to a gzipped WARC at `path`; return the index of the response records."""
    index: list[IndexedRecord] = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": software, "format": "WARC/1.1"})
        )
        for exchange in exchanges:
            index.append(_write_exchange(writer, fh, exchange))
    return index


def _write_exchange(writer: WARCWriter, fh: Any, exchange: Exchange) -> IndexedRecord:
    date = exchange.started_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    common = {"WARC-Date": date, "WARC-IP-Address": exchange.peer_ip}
    with exchange.response_file.open("rb") as raw:
        size = exchange.response_file.stat().st_size
        response = writer.create_warc_record(
            exchange.url, "response", payload=raw, length=size, warc_headers_dict=dict(common)
        )
        offset = fh.tell()
        writer.write_record(response)
        length = fh.tell() - offset
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    request = writer.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(exchange.request),
        length=len(exchange.request),
        warc_headers_dict={**common, "WARC-Concurrent-To": record_id},
    )
    writer.write_record(request)
    if exchange.tls is not None:
        _write_tls(writer, exchange, record_id, date)
    return IndexedRecord(
        exchange.url, date, exchange.status, exchange.media_type, _payload_sha1(exchange), offset, length
    )


def _write_tls(writer: WARCWriter, exchange: Exchange, refers_to: str, date: str) -> None:
    tls = exchange.tls
    assert tls is not None
    fields = f"tls-version: {tls.version}\r\ntls-cipher: {tls.cipher}\r\npeer-address: {exchange.peer_ip}\r\n"
    body = fields.encode() + b"\r\n" + chain_pem(tls)
    record = writer.create_warc_record(
        exchange.url,
        "metadata",
        payload=io.BytesIO(body),
        length=len(body),
        warc_content_type="text/plain; charset=utf-8",
        warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": refers_to},
    )
    writer.write_record(record)


def chain_pem(tls: TlsInfo) -> bytes:
    """The certificate chain, leaf first, as PEM with a subject/issuer comment above each."""
    parts = []
    for der in tls.chain_der:
        cert = x509.load_der_x509_certificate(der)
        head = f"# subject: {cert.subject.rfc4514_string()}\n# issuer: {cert.issuer.rfc4514_string()}\n"
        parts.append(head.encode() + cert.public_bytes(Encoding.PEM))
    return b"".join(parts)


def _payload_sha1(exchange: Exchange) -> str:
    h = hashlib.sha1()  # noqa: S324  (CDXJ convention, not a security use)
    with exchange.body_file.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            h.update(chunk)
    return "sha1:" + base64.b32encode(h.digest()).decode()
