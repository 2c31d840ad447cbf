"""Polite, bounded HTTP fetching for every feeder: robots.txt, per-host rate limits, conditional GET,
retries with exponential backoff, a redirect limit, a timeout and a body size limit.

`Fetcher.get` returns a `Fetched` (with `not_modified` for a 304) or raises `FetchError` whose message
says, in Bahasa Indonesia, why the source could not be read; the caller quarantines the source and
goes on with the next one.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from awas import __version__

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """The URL could not be fetched; the message is for the analyst."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout_s: float = 15.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    host_interval_s: float = 2.0
    respect_robots: bool = True
    user_agent: str = f"awas/{__version__} (pengawasan siber Bawaslu)"


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Fetcher:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=self.policy.timeout_s,
            headers={"User-Agent": self.policy.user_agent},
        )

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Fetched:
        """GET with every rule of the module docstring; raises FetchError."""
        if self.policy.respect_robots and not self._allowed(url):
            raise FetchError(f"robots.txt melarang pengambilan {url}")
        extra = dict(headers or {})
        if etag:
            extra["If-None-Match"] = etag
        if last_modified:
            extra["If-Modified-Since"] = last_modified
        for _hop in range(self.policy.max_redirects + 1):
            fetched = self._with_retries(url, extra)
            if fetched.status not in (301, 302, 303, 307, 308):
                return fetched
            location = fetched.headers.get("location")
            if not location:
                raise FetchError(f"pengalihan tanpa tujuan dari {url}")
            url = urljoin(url, location)
        raise FetchError(
            f"terlalu banyak pengalihan (lebih dari {self.policy.max_redirects}), terakhir ke {url}"
        )

    def _with_retries(self, url: str, headers: dict[str, str]) -> Fetched:
        for attempt in range(self.policy.retries + 1):
            try:
                fetched = self._once(url, headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt == self.policy.retries:
                    raise FetchError(
                        f"gagal mengambil {url} setelah {attempt + 1} percobaan: {_describe(exc)}"
                    ) from None
                self.sleep(self._backoff(attempt, None))
                continue
            if fetched.status in RETRY_STATUSES and attempt < self.policy.retries:
                self.sleep(self._backoff(attempt, fetched.headers.get("retry-after")))
                continue
            if fetched.status >= 400:
                raise FetchError(f"server menjawab HTTP {fetched.status} untuk {url}")
            return fetched
        raise FetchError(f"gagal mengambil {url}")  # unreachable: the loop returns or raises

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        self._wait_for_host(url)
        with self._client.stream("GET", url, headers=headers) as response:
            body = bytearray()
            for block in response.iter_bytes():
                body += block
                if len(body) > self.policy.max_bytes:
                    raise FetchError(
                        f"jawaban dari {url} lebih dari {self.policy.max_bytes // (1024 * 1024)} MB"
                    )
            return Fetched(
                str(response.url),
                response.status_code,
                {k.lower(): v for k, v in response.headers.items()},
                bytes(body),
                response.status_code == 304,
            )

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        delay = float(self.policy.backoff_s * 2**attempt)
        if retry_after:
            delay = max(delay, _retry_after_seconds(retry_after))
        return min(delay, self.policy.max_backoff_s)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            wait = self.policy.host_interval_s - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(root)
        parser = self._robots[root]
        if parser is None:  # robots.txt unreachable (5xx, timeout): RFC 9309 says assume disallowed
            return False
        return parser.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
        try:
            self._wait_for_host(root)
            response = self._client.get(root + "/robots.txt", follow_redirects=True)
        except httpx.HTTPError:
            return None
        if response.status_code >= 500:
            return None
        parser.parse(response.text.splitlines() if response.status_code < 400 else [])
        return parser


def _retry_after_seconds(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return 0.0


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "batas waktu habis"
    return type(exc).__name__
