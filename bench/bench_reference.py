"""Foundation benchmark: validate and load the bundled reference package, first load and reload.

    python bench/bench_reference.py [--repeat 5] [--postgres]

Each run starts from an empty, migrated database (SQLite file, or a PostgreSQL database in a private
cluster started here) so 'first load' really inserts 1,741 regions and the catalogue.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]
from bench.harness import header, measure, save  # noqa: E402


def load_into_fresh_database(pg_admin_url: str = "", reload: bool = False) -> dict[str, Any]:
    """Migrate an empty database (not timed), then validate + load (+ reload) the bundled package."""
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.store.db import Database
    from awas.store.migrate import upgrade

    db = Database(_fresh_database(pg_admin_url))
    upgrade(db)
    start = time.perf_counter()
    report = load_package(db, validate_package(bundled_package_dir()))
    if reload:
        report = load_package(db, validate_package(bundled_package_dir()))
    elapsed = time.perf_counter() - start
    db.dispose()
    return {"changed": report.changed, "timed_seconds": elapsed}


def _fresh_database(pg_admin_url: str) -> str:
    if not pg_admin_url:
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    import sqlalchemy as sa

    name = f"bench_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return pg_admin_url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--postgres", action="store_true", help="also run against a private PostgreSQL cluster"
    )
    args = parser.parse_args()
    header()
    results = _cases("sqlite", args.repeat, "")
    if args.postgres:
        from awas.store.pgcluster import PostgresCluster

        cluster = PostgresCluster(durable=True)
        cluster.start()
        try:
            results += _cases("postgres", args.repeat, cluster.url())
        finally:
            cluster.stop()
    save("reference", results)


def _cases(backend: str, repeat: int, admin_url: str) -> list[Any]:
    target = "bench.bench_reference:load_into_fresh_database"
    return [
        measure(f"{backend}: validate + first load", target, repeat, pg_admin_url=admin_url),
        measure(
            f"{backend}: validate + first load + reload (no change)",
            target,
            repeat,
            pg_admin_url=admin_url,
            reload=True,
        ),
    ]


if __name__ == "__main__":
    main()
