"""A local RFC 3161 time-stamping authority for tests: an HTTP server whose answers are signed by
OpenSSL's `openssl ts -reply` with a TSA certificate issued by a test CA."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.evidence.servers import TestCA

CONFIG = """
[ tsa ]
default_tsa = awas_test_tsa
[ awas_test_tsa ]
serial = {dir}/serial
crypto_device = builtin
signer_cert = {dir}/tsa.pem
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@dataclass
class LocalTsa:
    url: str
    ca_file: Path
    requests: list[bytes]


@contextmanager
def local_tsa(ca: TestCA) -> Iterator[LocalTsa]:
    folder = Path(tempfile.mkdtemp(prefix="awas-tsa-"))
    cert, key = ca.issue("awas test TSA", timestamping=True)
    (folder / "tsa.pem").write_bytes(cert)
    (folder / "tsa.key").write_bytes(key)
    (folder / "serial").write_text("01\n")
    (folder / "ts.cnf").write_text(CONFIG.format(dir=folder))
    (folder / "ca.pem").write_bytes(ca.pem())
    seen: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            query = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(query)
            reply = _sign(folder, query)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalTsa(f"http://127.0.0.1:{server.server_address[1]}/tsa", folder / "ca.pem", seen)
    finally:
        server.shutdown()
        server.server_close()


def _sign(folder: Path, query: bytes) -> bytes:
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        (Path(tmp) / "q.tsq").write_bytes(query)
        subprocess.run(
            [
                "openssl",
                "ts",
                "-reply",
                "-config",
                str(folder / "ts.cnf"),
                "-queryfile",
                str(Path(tmp) / "q.tsq"),
                "-out",
                str(Path(tmp) / "r.tsr"),
            ],
            check=True,
            capture_output=True,
        )
        return (Path(tmp) / "r.tsr").read_bytes()
