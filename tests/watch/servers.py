"""Loopback HTTP(S) servers whose answers a test changes while the watch runs: pages that get defaced,
certificates that get swapped, hosts that go down and come back, and hostile hosts."""

from __future__ import annotations

import json
import random
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.evidence.servers import TestCA, endless, send

PAGE = """<html><head><title>KPU Kota Jambi</title></head><body>
<nav>Beranda | Berita | Informasi Publik | PPID</nav>
<h1>Komisi Pemilihan Umum Kota Jambi</h1>
<p>KPU Kota Jambi menetapkan Daftar Pemilih Tetap Pilkada 2024.</p>
<p>Jadwal rapat pleno terbuka rekapitulasi hasil penghitungan suara tingkat kota.</p>
<p>Pengumuman rekrutmen KPPS untuk pemungutan suara 27 November 2024.</p>
<p>Layanan informasi publik dibuka setiap hari kerja pukul 08.00-16.00 WIB.</p>
<p>Alamat: Jl. Jenderal Basuki Rachmat, Kota Baru, Kota Jambi.</p>
<div class="ad">{ad}</div><footer>Pengunjung hari ini: {visitors}</footer>
</body></html>"""

DEFACED = """<html><head><title>Hacked by Jambi Cyber Team</title></head>
<body style="background:black"><h1>Hacked by xNyx</h1>
<p>Security is just an illusion. Sorry admin, patch your system.</p>
<p>Greetz: Jambi Cyber Team - Indonesian Hacker</p></body></html>"""


def normal_page(rng: random.Random | None = None) -> bytes:
    rng = rng or random.Random()
    ad = f"Promo {rng.randrange(10**6)} toko buku {rng.choice(['Sinar', 'Harapan', 'Jaya'])}"
    return PAGE.format(ad=ad, visitors=rng.randrange(10**5)).encode()


def tps_record(votes: tuple[int, int], final: bool = True, ts: str = "2024-11-28 10:15:00") -> bytes:
    record = {
        "mode": "hhcw",
        "tungsura": {
            "chart": {"1000010": votes[0], "1000011": votes[1]},
            "administrasi": {
                "suara_sah": sum(votes),
                "suara_tidak_sah": 3,
                "suara_total": sum(votes) + 3,
                "pemilih_dpt_j": 500,
                "pemilih_dpt_l": 250,
                "pemilih_dpt_p": 250,
            },
        },
        "images": [],
        "psu": None,
        "ts": ts,
        "status_suara": final,
        "status_adm": final,
    }
    return json.dumps(record).encode()


@dataclass
class Site:
    """A server whose routes (path → callable(handler)) the test replaces at will."""

    routes: dict[str, Any] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None
    base: str = ""
    hits: int = 0


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            site.hits += 1
            route = site.routes.get(self.path.split("?")[0]) or site.routes.get("*")
            if route is None:
                send(self, 404, b"tidak ada")
                return
            route(self)

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


@contextmanager
def serve_site(site: Site, tls: ssl.SSLContext | None = None, port: int = 0) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(site))
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.server = server
    site.base = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def server_context(ca: TestCA, tmp: Path, name: str = "server") -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    load_cert(context, ca, tmp, name)
    return context


def load_cert(context: ssl.SSLContext, ca: TestCA, tmp: Path, name: str) -> None:
    """(Re)load a certificate issued by `ca` into a live server context: the next handshake uses it."""
    cert, key = ca.issue("127.0.0.1", hosts=("127.0.0.1", "localhost"))
    (tmp / f"{name}.pem").write_bytes(cert + ca.pem())
    (tmp / f"{name}.key").write_bytes(key)
    context.load_cert_chain(tmp / f"{name}.pem", tmp / f"{name}.key")


def page(body: bytes | Any) -> Any:
    return lambda h: send(h, 200, body() if callable(body) else body)


def hang(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(8)


def redirect_forever(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 302, b"", headers={"Location": f"/loop{random.randrange(10**9)}"})


def huge(handler: BaseHTTPRequestHandler) -> None:
    endless(handler)


def unavailable(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 503, b"maaf, sedang pemeliharaan")
