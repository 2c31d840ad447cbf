"""A small HTTP server on loopback that serves a folder: the demo's news feed and watched page.

Files are served with an `ETag` (and `Last-Modified`, except for aliased paths) and answer
`If-None-Match` / `If-Modified-Since` with 304, so the feeders' conditional GET is exercised;
`{BASE}` inside .xml files is replaced by the server's own URL (feeds
need absolute links); `/robots.txt` allows everything unless the folder has one.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain",
}


class FolderHandler(BaseHTTPRequestHandler):
    """Serves `root` (and `aliases`, URL path → file); subclassed per server with those two set."""

    root: Path
    aliases: dict[str, Path]

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self.path.split("?")[0]
        target = self.aliases.get(path) or (self.root / path.lstrip("/")).resolve()
        if path == "/robots.txt" and not target.is_file():
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain", None)
        inside = target.is_relative_to(self.root.resolve()) or path in self.aliases
        if not target.is_file() or not inside:
            return self._send(404, b"not found", "text/plain", None)
        body = target.read_bytes()
        if target.suffix == ".xml":
            body = body.replace(b"{BASE}", f"http://{self.headers.get('Host')}".encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        mtime = None if path in self.aliases else int(target.stat().st_mtime)
        if self._fresh(etag, mtime):
            return self._send(304, b"", None, mtime, etag)
        self._send(200, body, TYPES.get(target.suffix, "application/octet-stream"), mtime, etag)

    def _fresh(self, etag: str, mtime: int | None) -> bool:
        """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")]
        since = self.headers.get("If-Modified-Since")
        return bool(since and mtime is not None and int(parsedate_to_datetime(since).timestamp()) >= mtime)

    def _send(
        self, status: int, body: bytes, kind: str | None, mtime: int | None, etag: str | None = None
    ) -> None:
        self.send_response(status)
        for name, value in (("Content-Type", kind), ("ETag", etag)):
            if value:
                self.send_header(name, value)
        if mtime is not None:
            self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:  # keep the CLI output clean
        return


def _handler(root: Path, aliases: dict[str, Path]) -> type[FolderHandler]:
    return type("BoundFolderHandler", (FolderHandler,), {"root": root, "aliases": aliases})


@contextmanager
def serve_folder(
    root: Path, ports: tuple[int, ...] = (0,), aliases: dict[str, Path] | None = None
) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (first free port of `ports`; 0 = any) and yield the base URL.

    `aliases` maps URL paths to files (the demo points one page URL at successive versions).
    """
    server = None
    for port in ports:
        try:
            server = ThreadingHTTPServer(
                ("127.0.0.1", port), _handler(root, aliases if aliases is not None else {})
            )
            break
        except OSError:
            continue
    if server is None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, aliases if aliases is not None else {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
