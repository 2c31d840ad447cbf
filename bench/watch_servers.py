"""Loopback servers for bench_watch.py: N plain HTTP servers and M HTTPS servers (a CA made here),
each serving K pages (~15 KB of HTML with a rotating ad and a visitor counter) and a Sirekap TPS
record. Runs in its own process; writes `servers.json` (base URLs, CA file) into DIR and serves until
killed.

    python bench/watch_servers.py DIR --http 40 --https 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PARAGRAPH = "<p>KPU Kabupaten menetapkan jadwal tahapan Pilkada 2024 dan layanan informasi publik {i}.</p>"
TPS = {
    "mode": "hhcw",
    "tungsura": {"chart": {"1000010": 120, "1000011": 240}, "administrasi": {"suara_sah": 360}},
    "ts": "2024-11-28 10:15:00",
    "status_suara": True,
    "status_adm": True,
}


def page(rng: random.Random, host: int, path: str) -> bytes:
    body = "".join(PARAGRAPH.format(i=i) for i in range(120))
    ad = (
        f"<div class=ad>Promo {rng.randrange(10**6)}</div><footer>Pengunjung: {rng.randrange(10**5)}</footer>"
    )
    title = f"<title>Situs {host} {path}</title>"
    return f"<html><head>{title}</head><body><h1>Situs {host}</h1>{body}{ad}</body></html>".encode()


class Handler(BaseHTTPRequestHandler):
    host_no = 0

    def do_GET(self) -> None:  # noqa: N802
        rng = random.Random()
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path.endswith(".json"):
            body, kind = json.dumps(TPS).encode(), "application/json"
        else:
            body, kind = page(rng, self.host_no, self.path), "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


def make_ca(folder: Path) -> tuple[ssl.SSLContext, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "awas bench CA")])
    now = dt.datetime.now(dt.UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=60))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "leaf.pem").write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    (folder / "leaf.key").write_bytes(
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "leaf.pem", folder / "leaf.key")
    return context, folder / "ca.pem"


def start(host_no: int, tls: ssl.SSLContext | None) -> str:
    handler = type(f"H{host_no}", (Handler,), {"host_no": host_no})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--http", type=int, default=40)
    parser.add_argument("--https", type=int, default=10)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    context, ca = make_ca(args.folder)
    bases = [start(i, None) for i in range(args.http)] + [
        start(args.http + i, context) for i in range(args.https)
    ]
    (args.folder / "servers.json").write_text(json.dumps({"bases": bases, "ca_file": str(ca)}))
    print("READY", flush=True)  # noqa: T201
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
