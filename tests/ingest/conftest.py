"""Fixtures for the intake tests: sample files, loopback HTTP servers, post factories."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from awas.app import App
from awas.ingest.demo import samples_dir
from awas.ingest.service import IngestService

Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]


@pytest.fixture
def samples() -> Path:
    return samples_dir()


@pytest.fixture
def intake(app: App) -> IngestService:
    return IngestService(app)


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 whose answers are set per path by the test."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = outer.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = (
                        (200, {}, b"User-agent: *\nAllow: /\n")
                        if self.path == "/robots.txt"
                        else (404, {}, b"")
                    )
                else:
                    status, headers, body = route(self)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *_args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def static(self, path: str, body: bytes | str, content_type: str = "text/html", **headers: str) -> None:
        data = body.encode() if isinstance(body, str) else body

        def answer(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
            etag = headers.get("ETag")
            if etag and handler.headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": content_type, **headers}, data

        self.routes[path] = answer

    def json(self, path: str, payload: Any) -> None:
        self.static(path, json.dumps(payload), "application/json")

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p.split("?")[0] == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    yield server
    server.close()


def canonical(post_id: str, **fields: Any) -> dict[str, Any]:
    record = {
        "platform": "x",
        "post_id": post_id,
        "author_id": "u1",
        "text": f"teks pos {post_id}",
        "created_at": "2024-11-25T21:03:00+07:00",
    }
    return record | fields


def write_jsonl(path: Path, records: list[dict[str, Any] | str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path
