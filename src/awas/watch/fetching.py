"""The watch's HTTP client: intake's polite `Fetcher` (robots.txt, per-host interval, redirect limit,
size limit) with what a watch needs on top:

- an overall deadline per request (a host that drips one byte every few seconds is cut off);
- the TLS certificate of the connection that answered, and a CA bundle that may add local CAs;
- every failure as a `ProbeFailure` with a stable `code` (timeout, refused, dns, tls, http_status,
  too_large, redirects, robots, deadline, protocol) and a reason in Bahasa Indonesia;
- no retries inside one check: the watch debounces across checks instead.
"""

from __future__ import annotations

import socket
import ssl
import time
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from awas.ingest.fetcher import Fetched, Fetcher, FetchError, FetchPolicy
from awas.watch.config import WatchSettings


class ProbeFailure(FetchError):
    """A check failed; `code` is stable, the message is for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Probed:
    """A response with how long it took and the leaf certificate (DER) of its connection."""

    fetched: Fetched
    latency_ms: int
    cert_der: bytes | None


def policy_from(settings: WatchSettings) -> FetchPolicy:
    return FetchPolicy(
        timeout_s=settings.timeout_s,
        max_redirects=settings.max_redirects,
        max_bytes=settings.max_bytes,
        retries=0,
        host_interval_s=settings.host_interval_s,
        respect_robots=settings.respect_robots,
    )


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """The system trust store, plus `ca_file` when given."""
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    return context


@dataclass
class WatchFetcher(Fetcher):
    """Thread-safe for different hosts at the same time (the scheduler never runs one host twice)."""

    deadline_s: float = 20.0
    ca_file: Path | None = None
    max_connections: int = 32
    _certs: dict[str, bytes | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=self.policy.timeout_s,
            headers={"User-Agent": self.policy.user_agent},
            verify=tls_context(self.ca_file),
            limits=httpx.Limits(max_connections=self.max_connections, max_keepalive_connections=8),
        )

    def probe(self, url: str) -> Probed:
        """GET `url` under every limit; raises ProbeFailure."""
        started = time.monotonic()
        try:
            fetched = self.get(url)
        except ProbeFailure:
            raise
        except FetchError as exc:
            raise ProbeFailure(_code_of(str(exc)), str(exc)) from None
        elapsed = int((time.monotonic() - started) * 1000)
        return Probed(fetched, elapsed, self._certs.pop(fetched.url, None))

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        self._wait_for_host(url)
        deadline = time.monotonic() + self.deadline_s
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                self._certs[str(response.url)] = _peer_cert(response)
                body = self._read(response, url, deadline)
                return Fetched(
                    str(response.url),
                    response.status_code,
                    {k.lower(): v for k, v in response.headers.items()},
                    body,
                    response.status_code == 304,
                )
        except httpx.HTTPError as exc:
            raise _failure(exc, url) from None

    def _read(self, response: httpx.Response, url: str, deadline: float) -> bytes:
        body = bytearray()
        for block in response.iter_bytes():
            body += block
            if len(body) > self.policy.max_bytes:
                limit = self.policy.max_bytes / (1024 * 1024)
                raise ProbeFailure(
                    "too_large", f"jawaban {url} lebih dari {limit:g} MB; pembacaan dihentikan"
                )
            if time.monotonic() > deadline:
                raise ProbeFailure("deadline", f"{url} melewati batas waktu {self.deadline_s:g} detik")
        return bytes(body)

    def _read_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """robots.txt; a host that cannot answer it fails the check with the real reason."""
        parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
        self._wait_for_host(root)
        try:
            response = self._client.get(root + "/robots.txt", follow_redirects=True)
        except httpx.HTTPError as exc:
            raise _failure(exc, root + "/robots.txt") from None
        if response.status_code >= 500:
            raise ProbeFailure("http_status", f"server menjawab HTTP {response.status_code} untuk robots.txt")
        parser.parse(response.text.splitlines() if response.status_code < 400 else [])
        return parser


def _peer_cert(response: httpx.Response) -> bytes | None:
    stream: Any = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(True)
    return bytes(der) if der else None


def _failure(exc: httpx.HTTPError, url: str) -> ProbeFailure:
    """Classify an httpx error by its cause (DNS, refused, TLS, timeout)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return ProbeFailure("tls", f"sertifikat TLS tidak sah: {cause.verify_message}")
        if isinstance(cause, ssl.SSLError):
            return ProbeFailure("tls", f"jabat tangan TLS gagal: {cause.reason or cause}")
        if isinstance(cause, socket.gaierror):
            return ProbeFailure("dns", f"nama host tidak dikenal ({url})")
        if isinstance(cause, ConnectionRefusedError):
            return ProbeFailure("refused", f"koneksi ditolak ({url})")
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.TooManyRedirects):
        return ProbeFailure("redirects", f"terlalu banyak pengalihan dari {url}")
    if isinstance(exc, httpx.TimeoutException):
        return ProbeFailure("timeout", f"server tidak menjawab dalam batas waktu ({url})")
    if isinstance(exc, httpx.ConnectError):
        return _connect_failure(str(exc), url)
    return ProbeFailure("protocol", f"respons tidak sah dari {url}: {type(exc).__name__}")


def _connect_failure(text: str, url: str) -> ProbeFailure:
    lowered = text.lower()
    if "refused" in lowered:
        return ProbeFailure("refused", f"koneksi ditolak ({url})")
    if "name or service" in lowered or "nodename" in lowered or "temporary failure" in lowered:
        return ProbeFailure("dns", f"nama host tidak dikenal ({url})")
    if "certificate" in lowered or "ssl" in lowered:
        return ProbeFailure("tls", f"TLS gagal: {text[:200]}")
    return ProbeFailure("connect", f"tidak dapat terhubung ({url}): {text[:200]}")


def _code_of(message: str) -> str:
    """Codes for the failures intake's Fetcher raises itself."""
    if "pengalihan" in message:
        return "redirects"
    if "robots.txt" in message:
        return "robots"
    if "HTTP" in message:
        return "http_status"
    return "fetch"
