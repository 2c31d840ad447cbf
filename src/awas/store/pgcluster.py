"""A throwaway PostgreSQL cluster from Debian's binaries, for tests and benchmarks.

Starts `initdb` + `pg_ctl` in a temporary directory on a free loopback port with trust auth, and
stops and removes it afterwards. PostgreSQL refuses to run as root, so under root the server runs as
the `postgres` system user that Debian's package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ADMIN_USER = "awas"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries, or the server would not start; the message says why."""


def find_pg_bin() -> Path:
    """Directory of the newest installed server binaries (Debian layout first, then PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key, reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    raise PostgresUnavailable("PostgreSQL server binaries not found (apt-get install postgresql)")


def _version_key(path: str) -> float:
    try:
        return float(Path(path).parents[1].name)
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """`start()` returns a URL for the `postgres` database; `url(name)` for any other."""

    def __init__(self, *, durable: bool = False) -> None:
        self.bin = find_pg_bin()
        self.root = Path(tempfile.mkdtemp(prefix="awas-pg-"))
        self.port = free_port()
        self.durable = durable  # fsync on for honest benchmarks; off for fast tests
        self._run_as = _unprivileged_user()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{ADMIN_USER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> str:
        self._prepare_root()
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            ADMIN_USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        return self.url()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) through psql."""
        self._pg(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            ADMIN_USER,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            sql,
            binary=shutil.which("psql"),
        )

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _prepare_root(self) -> None:
        if self._run_as is not None:
            os.chown(self.root, self._run_as.pw_uid, self._run_as.pw_gid)

    def _pg(self, tool: str, *args: str, check: bool = True, binary: str | None = None) -> None:
        exe = binary or str(self.bin / tool)
        cmd = [exe, *args]
        if self._run_as is not None:
            cmd = ["runuser", "-u", self._run_as.pw_name, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root, check=False)
        if check and result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise PostgresUnavailable(f"{tool} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")


def _unprivileged_user() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresUnavailable("running as root but no 'postgres' system user exists") from exc
