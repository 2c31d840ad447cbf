"""A loopback HTTP server whose pages the caller swaps while it runs (the demo defaces a page and
changes a Sirekap record between two cycles). `robots.txt` allows everything."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8"}


def _handler(pages: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path = self.path.split("?")[0]
            body = b"User-agent: *\nAllow: /\n" if path == "/robots.txt" else pages.get(path)
            status = 200 if body is not None else 404
            body = body if body is not None else b"tidak ada"
            kind = next((v for k, v in TYPES.items() if path.endswith(k)), "text/html; charset=utf-8")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            return

    return Handler


@contextmanager
def serve_pages(pages: dict[str, bytes]) -> Iterator[str]:
    """Serve `pages` (path → body, changed in place by the caller) on 127.0.0.1; yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(pages))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on (for the demo's outage)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
