"""One database connection pool per worker process and URL (Ray tasks reuse their process)."""

from __future__ import annotations

from awas.store.db import Database

WORKER_POOL_SIZE = 2
_databases: dict[str, Database] = {}


def worker_database(url: str) -> Database:
    """The worker's `Database` for `url`, created on first use and kept for the process's life."""
    if url not in _databases:
        _databases[url] = Database(url, pool_size=WORKER_POOL_SIZE)
    return _databases[url]
