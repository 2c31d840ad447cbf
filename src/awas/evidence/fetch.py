"""Fetch a URL over HTTP(S) and keep the exchange exactly as it crossed the wire.

Every byte received is teed to a file before http.client parses it, so the WARC holds the response as
sent (headers and body, chunked or not); the peer address and the TLS certificate chain are read
from the live socket. Limits (size, per-read timeout, overall deadline, redirects) stop hostile
servers; each stop raises CaptureFailed with a code and a reason in Bahasa Indonesia.
"""

from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from awas.errors import AwasError
from awas.evidence.config import MIB, EvidenceSettings
from awas.timeutil import utcnow

REDIRECTS = (301, 302, 303, 307, 308)
READ_SIZE = 64 * 1024


class CaptureFailed(AwasError):
    """A capture could not be completed; nothing of it is stored. `code` is stable, `reason` for people."""

    def __init__(self, code: str, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(f"{code}: {reason}")


@dataclass(frozen=True, slots=True)
class TlsInfo:
    version: str
    cipher: str
    verified: bool
    chain_der: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its response. `response_file` is raw; `body_file` is the decoded entity body."""

    url: str
    started_at: datetime
    request: bytes
    response_file: Path
    body_file: Path
    status: int
    headers: tuple[tuple[str, str], ...]
    peer_ip: str
    local_ip: str
    tls: TlsInfo | None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def media_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


class Fetcher:
    """Fetches URLs into files under `workdir`, following redirects within the configured limits."""

    def __init__(self, settings: EvidenceSettings, workdir: Path) -> None:
        self.settings = settings
        self.workdir = workdir
        self._count = 0

    def fetch(self, url: str) -> list[Exchange]:
        """Every exchange from `url` to the final response, in order; raises CaptureFailed."""
        exchanges: list[Exchange] = []
        deadline = time.monotonic() + self.settings.deadline_s
        while True:
            exchange = self._fetch_one(url, deadline)
            exchanges.append(exchange)
            location = exchange.header("Location")
            if exchange.status not in REDIRECTS or not location:
                return exchanges
            if len(exchanges) > self.settings.max_redirects:
                raise CaptureFailed(
                    "too_many_redirects", f"lebih dari {self.settings.max_redirects} pengalihan (redirect)"
                )
            url = urljoin(url, location)

    def _fetch_one(self, url: str, deadline: float) -> Exchange:
        parts = check_url(url)
        self._count += 1
        raw_path = self.workdir / f"response-{self._count}.http"
        body_path = self.workdir / f"body-{self._count}.bin"
        started = utcnow()
        sock, tls = self._connect(parts.scheme, parts.hostname or "", parts.port)
        try:
            peer_ip, local_ip = str(sock.getpeername()[0]), str(sock.getsockname()[0])
            request = build_request(url, self.settings.user_agent)
            sock.sendall(request)
            with raw_path.open("wb") as sink, body_path.open("wb") as body:
                status, headers = self._receive(sock, sink, body, deadline)
        except TimeoutError:
            raise CaptureFailed(
                "timeout", f"server tidak menjawab dalam {self.settings.timeout_s:g} detik"
            ) from None
        except OSError as exc:
            raise CaptureFailed("connection_error", f"koneksi terputus: {exc}") from None
        finally:
            sock.close()
        return Exchange(url, started, request, raw_path, body_path, status, headers, peer_ip, local_ip, tls)

    def _connect(self, scheme: str, host: str, port: int | None) -> tuple[socket.socket, TlsInfo | None]:
        port = port or (443 if scheme == "https" else 80)
        try:
            sock = socket.create_connection((host, port), timeout=self.settings.timeout_s)
        except socket.gaierror as exc:
            raise CaptureFailed("unreachable", f"nama host {host} tidak dikenal: {exc.strerror}") from None
        except TimeoutError:
            raise CaptureFailed("timeout", f"tidak dapat terhubung ke {host}:{port} (waktu habis)") from None
        except OSError as exc:
            raise CaptureFailed(
                "unreachable", f"tidak dapat terhubung ke {host}:{port}: {exc.strerror}"
            ) from None
        if scheme != "https":
            return sock, None
        return self._wrap_tls(sock, host)

    def _wrap_tls(self, sock: socket.socket, host: str) -> tuple[socket.socket, TlsInfo]:
        context = ssl.create_default_context(
            cafile=str(self.settings.ca_file) if self.settings.ca_file else None
        )
        if self.settings.ca_file:
            context.load_default_certs()
        try:
            tls_sock = context.wrap_socket(sock, server_hostname=host)
        except ssl.SSLCertVerificationError as exc:
            sock.close()
            raise CaptureFailed(
                "tls_error", f"sertifikat TLS {host} tidak sah: {exc.verify_message}"
            ) from None
        except (ssl.SSLError, OSError) as exc:
            sock.close()
            raise CaptureFailed("tls_error", f"jabat tangan TLS dengan {host} gagal: {exc}") from None
        return tls_sock, tls_info(tls_sock)

    def _receive(
        self, sock: socket.socket, sink: BinaryIO, body: BinaryIO, deadline: float
    ) -> tuple[int, tuple[tuple[str, str], ...]]:
        reader = _RecordingReader(sock, sink, self.settings.max_bytes, deadline)
        response = http.client.HTTPResponse(_ReaderSocket(reader), method="GET")  # type: ignore[arg-type]
        try:
            response.begin()
            while chunk := response.read(READ_SIZE):
                body.write(chunk)
            if response.length:  # bytes still owed by Content-Length: the server hung up early
                raise http.client.IncompleteRead(b"", response.length)
        except http.client.IncompleteRead:
            raise CaptureFailed(
                "truncated", "respons terpotong: server menutup koneksi sebelum selesai"
            ) from None
        except http.client.HTTPException as exc:
            raise CaptureFailed("http_protocol", f"respons HTTP tidak sah: {type(exc).__name__}") from None
        return response.status, tuple(response.getheaders())


def check_url(url: str) -> SplitResult:
    """The parsed URL if it is an absolute http(s) URL with a host; CaptureFailed otherwise."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        raise CaptureFailed("invalid_url", f"URL tidak sah: {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CaptureFailed("invalid_url", f"URL tidak sah (harus http/https dengan nama host): {url!r}")
    return parts


def build_request(url: str, user_agent: str) -> bytes:
    """The GET request bytes sent for `url` (identity encoding, connection closed after the response)."""
    parts = urlsplit(url)
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    host = (parts.hostname or "").encode("idna").decode("ascii")
    if parts.port:
        host += f":{parts.port}"
    lines = [
        f"GET {target} HTTP/1.1",
        f"Host: {host}",
        f"User-Agent: {user_agent}",
        "Accept: text/html,application/xhtml+xml,*/*;q=0.8",
        "Accept-Encoding: identity",
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def tls_info(sock: ssl.SSLSocket) -> TlsInfo:
    """Protocol, cipher and the peer's certificate chain (leaf first, DER)."""
    sslobj = getattr(sock, "_sslobj", None)
    # Python 3.11 has the verified chain only on the private object (public from 3.13).
    chain_fn = getattr(sslobj, "get_verified_chain", None)
    chain: tuple[bytes, ...] = ()
    if chain_fn is not None:
        chain = tuple(cert.public_bytes(ssl._ssl.ENCODING_DER) for cert in chain_fn())  # type: ignore[attr-defined]
    if not chain:
        leaf = sock.getpeercert(binary_form=True)
        chain = (leaf,) if leaf else ()
    cipher = sock.cipher()
    return TlsInfo(sock.version() or "", cipher[0] if cipher else "", True, chain)


class _RecordingReader(io.RawIOBase):
    """Reads the socket, copying every byte to `sink`; enforces the size limit and the deadline."""

    def __init__(self, sock: socket.socket, sink: BinaryIO, limit: int, deadline: float) -> None:
        self.sock, self.sink, self.limit, self.deadline = sock, sink, limit, deadline
        self.received = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if time.monotonic() > self.deadline:
            raise CaptureFailed("timeout", "pengambilan melewati batas waktu keseluruhan")
        n = self.sock.recv_into(buffer)
        self.received += n
        if self.received > self.limit:
            raise CaptureFailed(
                "size_limit",
                f"respons melebihi batas ukuran {self.limit / MIB:.1f} MiB (AWAS_EVIDENCE_MAX_BYTES); "
                "pengambilan dihentikan, tidak ada yang disimpan",
            )
        self.sink.write(buffer[:n])
        return n


class _ReaderSocket:
    """What http.client.HTTPResponse needs from a socket: makefile()."""

    def __init__(self, reader: _RecordingReader) -> None:
        self._file = io.BufferedReader(reader, READ_SIZE)

    def makefile(self, *_args: object, **_kwargs: object) -> Any:
        return self._file
