"""Cases benchmark: list the open cases with their deadlines (the case board) for 10,000 cases.

    python bench/bench_cases.py [--cases 10000] [--repeat 5] [--postgres]

The database is seeded once per backend (not timed): 10,000 open cases plus 2,000 closed ones,
laporan and temuan across the open statuses, their deadlines computed by the same clock code the
service uses. Each repetition runs in a fresh process: build the App, load the catalogue (not
timed), then call `open_cases_with_deadlines` twice as a Bawaslu analyst (sees every case) and
as a partner liaison (sees the 500 cases shared with it): the query, the typed records and the
audit-log entry the read writes. The second call is reported (a running server's cost); the first,
which also compiles the SQL, is kept in the JSON as `first_call_seconds`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]
from bench.harness import Result, header, run_once, save  # noqa: E402

OPEN_STATUSES = ("diterima", "kajian_awal", "perlu_dilengkapi", "diregistrasi", "klarifikasi", "kajian")
CLOSED_STATUSES = ("dihentikan", "selesai", "tidak_diregistrasi")
PARTNER_SHARES = 500


def list_board(url: str, user: str) -> dict[str, Any]:
    """Fresh process: open the database, load the catalogue, list the board twice (timed: both).

    The first call also compiles the query (SQLAlchemy caches it for the life of the process); the
    second is what every later request of a running server costs. `timed_seconds` is the second.
    """
    from awas.app import App
    from awas.cases.access import principal_for
    from awas.cases.board import open_cases_with_deadlines
    from awas.cases.catalogue import workflow_catalogue
    from awas.settings import load_settings

    with App(load_settings(database_url=url, home=Path(tempfile.gettempdir()))) as app:
        workflow_catalogue(app)
        principal = principal_for(app, user)
        start = time.perf_counter()
        open_cases_with_deadlines(app, principal)
        first = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        board = open_cases_with_deadlines(app, principal)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    overdue = sum(1 for s in board if s.next_deadline and s.next_deadline.state.value == "overdue")
    return {
        "timed_seconds": elapsed,
        "cpu_seconds": round(cpu, 4),
        "first_call_seconds": round(first, 4),
        "cases": len(board),
        "overdue": overdue,
    }


def seed(url: str, count: int) -> None:
    """Migrate, load the reference package, add two users and `count` open + count/5 closed cases."""
    from awas.app import App
    from awas.cases.catalogue import workflow_catalogue
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.settings import load_settings

    with App(load_settings(database_url=url, home=Path(tempfile.gettempdir()))) as app:
        app.upgrade_schema()
        load_package(app.db, validate_package(bundled_package_dir()))
        _users(app)
        catalogue = workflow_catalogue(app)
        rng = random.Random(20241127)
        rows = [_case(catalogue, rng, i, open_=i < count) for i in range(count + count // 5)]
        _insert(app, rows)


def _users(app: Any) -> None:
    from awas.store.tables import users
    from awas.timeutil import utcnow

    with app.db.transaction() as conn:
        for name, org, role in (
            ("bench.analis", "bawaslu-15", "analyst"),
            ("bench.kpid", "kpid-jambi", "partner_liaison"),
        ):
            conn.execute(
                users.insert().values(
                    username=name, display_name=name, org_id=org, role=role, active=True, created_at=utcnow()
                )
            )


def _case(catalogue: Any, rng: random.Random, index: int, open_: bool) -> dict[str, Any]:
    from datetime import datetime

    from awas.cases.clocks import CaseFacts, compute_deadlines, next_due
    from awas.timeutil import WIB

    kind = "laporan" if index % 3 else "temuan"
    known = datetime(2024, 9, 25, tzinfo=WIB) + timedelta(minutes=rng.randrange(0, 90 * 24 * 60))
    received = known + timedelta(hours=rng.randrange(1, 6 * 24)) if kind == "laporan" else None
    status = rng.choice(OPEN_STATUSES if open_ else CLOSED_STATUSES)
    events = {"known": known} | ({"received": received} if received else {})
    deadlines = compute_deadlines(catalogue, CaseFacts(kind, None, None, False), events)
    upcoming = next_due(deadlines) if open_ else None
    return {
        "index": index,
        "kind": kind,
        "known": known,
        "received": received,
        "status": status,
        "open": open_,
        "deadlines": deadlines,
        "upcoming": upcoming,
        "category": rng.choice(sorted(catalogue.categories)),
    }


def _insert(app: Any, rows: list[dict[str, Any]]) -> None:
    from awas.cases.tables import case_deadlines, case_shares, cases
    from awas.timeutil import utcnow

    now = utcnow()
    with app.db.transaction() as conn:
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            conn.execute(cases.insert(), [_case_values(r, now) for r in chunk])
        ids = {
            r.number: r.id for r in conn.execute(cases.select().with_only_columns(cases.c.id, cases.c.number))
        }
        deadline_rows = [
            {
                "case_id": ids[_number(r)],
                "clock_id": d.clock_id,
                "anchor_at": d.anchor_at,
                "due_at": d.due_at,
                "met_at": d.met_at,
                "obligation": d.obligation,
            }
            for r in rows
            for d in r["deadlines"]
        ]
        for start in range(0, len(deadline_rows), 5000):
            conn.execute(case_deadlines.insert(), deadline_rows[start : start + 5000])
        shared = [
            {
                "case_id": ids[_number(r)],
                "org_id": "kpid-jambi",
                "tlp": "amber",
                "tlp_rank": 2,
                "via": "share",
                "shared_by": "bench",
                "shared_at": now,
                "reason": "bench",
            }
            for r in rows[:PARTNER_SHARES]
        ]
        conn.execute(case_shares.insert(), shared)


def _number(row: dict[str, Any]) -> str:
    return f"{'LP' if row['kind'] == 'laporan' else 'TM'}-2024-{row['index'] + 1:05d}"


def _case_values(row: dict[str, Any], now: Any) -> dict[str, Any]:
    upcoming = row["upcoming"]
    return {
        "number": _number(row),
        "kind": row["kind"],
        "title": f"Perkara uji {row['index']}",
        "description": "",
        "category": row["category"],
        "status": row["status"],
        "is_open": row["open"],
        "version": 3,
        "owner_org_id": "bawaslu-15" if row["index"] % 2 else "bawaslu-15.71",
        "tlp": "amber",
        "tlp_rank": 2,
        "route_legal_basis": [],
        "known_at": row["known"],
        "received_at": row["received"],
        "admissible": True,
        "requirements": [],
        "source_type": "bench",
        "source_id": str(uuid.uuid4()),
        "next_due_at": upcoming.due_at if upcoming else None,
        "next_due_clock": upcoming.clock_id if upcoming else None,
        "created_at": now,
        "created_by": "bench",
        "updated_at": now,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--postgres", action="store_true", help="also run against a private PostgreSQL cluster"
    )
    args = parser.parse_args()
    header()
    sqlite_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench-cases.db'}"
    seed(sqlite_url, args.cases)
    results = _cases("sqlite", sqlite_url, args)
    if args.postgres:
        from awas.store.pgcluster import PostgresCluster

        cluster = PostgresCluster(durable=True)
        cluster.start()
        try:
            cluster.execute("CREATE DATABASE bench_cases")
            url = cluster.url("bench_cases")
            seed(url, args.cases)
            results += _cases("postgres", url, args)
        finally:
            cluster.stop()
    save("cases", results, cases=args.cases, closed=args.cases // 5, partner_shares=PARTNER_SHARES)


def _cases(backend: str, url: str, args: argparse.Namespace) -> list[Result]:
    target = "bench.bench_cases:list_board"
    return [
        _measure(
            f"{backend}: open cases with deadlines, analyst ({args.cases:,} cases)",
            target,
            args.repeat,
            url,
            "bench.analis",
        ),
        _measure(
            f"{backend}: open cases with deadlines, partner ({PARTNER_SHARES} shared)",
            target,
            args.repeat,
            url,
            "bench.kpid",
        ),
    ]


def _measure(name: str, target: str, repeat: int, url: str, user: str) -> Result:
    """harness.measure, plus the median CPU time of the timed call (less sensitive to a busy machine)."""
    runs = [run_once(target, url=url, user=user) for _ in range(repeat)]
    seconds = [r["extra"]["timed_seconds"] for r in runs]
    extra = dict(runs[-1]["extra"]) | {
        "cpu_median_seconds": statistics.median(r["extra"]["cpu_seconds"] for r in runs)
    }
    result = Result(
        name,
        statistics.median(seconds),
        min(seconds),
        max(seconds),
        max(r["peak_rss_mb"] for r in runs),
        repeat,
        extra,
    )
    print(result.row() + f" cpu {extra['cpu_median_seconds']:.3f} s", flush=True)
    return result


if __name__ == "__main__":
    main()
