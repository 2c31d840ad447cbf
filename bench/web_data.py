"""The web benchmark's database: reference data, demo accounts, and synthetic rows written straight
into the tables (not timed): posts with their intake annotations, findings on them, and cases.

- 1,000,000 posts over 11 kab/kota and 144 kecamatan, the 70 days of the 2024 campaign, 50,000 authors
  of whom 1,000 are registered campaign accounts (their posts carry `post_intake.paslon_id`);
- 100,000 findings on every tenth post, 10 categories, a quarter confirmed or rejected;
- 10,000 open cases (and 2,000 closed) from `bench_cases` (owned by the province and Kota Jambi).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

CATEGORIES = (
    "hate_speech",
    "abusive",
    "sara",
    "defamation",
    "hoax",
    "violence_threat",
    "money_politics",
    "official_neutrality",
    "government_facilities",
    "off_schedule_campaign",
)
START = datetime(2024, 9, 25, tzinfo=UTC)  # campaign period start
SPAN_SECONDS = int(timedelta(days=70).total_seconds())
REGISTERED_AUTHORS = 1_000  # authors a0..a999 are registered campaign accounts
POST_COLUMNS = (
    "platform",
    "post_id",
    "author_id",
    "text",
    "created_at",
    "urls",
    "hashtags",
    "mentions",
    "media",
    "metrics",
    "region_code",
    "raw",
    "raw_sha256",
    "ingested_at",
    "stage",
)
INTAKE_COLUMNS = (
    "platform",
    "post_id",
    "text_sha256",
    "near_key",
    "shorteners",
    "region_candidates",
    "campaign",
    "campaign_terms",
    "paslon_id",
)
FINDING_COLUMNS = (
    "subject_type",
    "subject_id",
    "post_pk",
    "category",
    "score",
    "detector",
    "detector_version",
    "evidence",
    "legal_basis",
    "region_code",
    "details",
    "created_at",
    "review_status",
    "paslon_id",
    "handler",
)


def _kecamatan(core: Any) -> list[str]:
    return [r.code for r in core.reference.regions.values() if r.level.value == "kecamatan"]


def _paslon(core: Any) -> list[str]:
    return sorted(core.reference.paslon)


def rows(
    n_posts: int, n_findings: int, kecamatan: list[str], paslon: list[str]
) -> dict[str, Iterable[tuple[Any, ...]]]:
    """Posts, their intake rows and findings (deterministic; posts and intake rows are generated lazily)."""
    rnd = random.Random(2024)
    when = [
        (START + timedelta(seconds=rnd.randrange(SPAN_SECONDS))).strftime("%Y-%m-%d %H:%M:%S.000000")
        for _ in range(n_posts)
    ]
    region = [rnd.choice(kecamatan) for _ in range(n_posts)]
    registered = {a: paslon[a % len(paslon)] for a in range(REGISTERED_AUTHORS)}
    posts = (
        (
            "x",
            f"p{i}",
            f"a{i % 50_000}",
            f"konten kampanye {i} <b>paslon</b>",
            when[i],
            "[]",
            "[]",
            "[]",
            "[]",
            "{}",
            region[i],
            "{}",
            "0" * 64,
            when[i],
            "detected",
        )
        for i in range(n_posts)
    )
    intake = (
        ("x", f"p{i}", "0" * 64, f"{i:032x}", "[]", "[]", 0, "[]", registered.get(i % 50_000))
        for i in range(n_posts)
    )
    step = max(1, n_posts // n_findings)
    evidence = '[{"kind": "span", "text": "kampanye", "start": 7, "end": 15}]'
    findings = [
        (
            "post",
            f"x:p{i}",
            i + 1,
            rnd.choice(CATEGORIES),
            0.8,
            "bench",
            "tm1-bench",
            evidence,
            '["UU 1/2015 Pasal 69"]',
            region[i],
            "{}",
            when[i],
            rnd.choice(("open", "open", "open", "confirmed", "rejected", "open", "open", "open")),
            registered.get(i % 50_000),
            "bawaslu",
        )
        for i in range(0, n_posts, step)
    ][:n_findings]
    return {"posts": posts, "post_intake": intake, "findings": findings}


def build_database(url: str, n_posts: int, n_findings: int, n_cases: int) -> None:
    """Migrate, load the reference data, the demo accounts and the synthetic rows; ANALYZE."""
    from awas.access.demo import ensure_demo_users
    from awas.app import App
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.settings import load_settings

    core = App(load_settings(database_url=url, home=Path(tempfile.mkdtemp())))
    core.upgrade_schema()
    load_package(core.db, validate_package(bundled_package_dir()))
    ensure_demo_users(core)
    tables = rows(n_posts, n_findings, _kecamatan(core), _paslon(core))
    raw = core.db.engine.raw_connection()
    try:
        if core.db.is_sqlite:
            raw.cursor().execute("BEGIN")
        _bulk(raw, core.db.is_sqlite, "posts", POST_COLUMNS, tables["posts"])
        _bulk(raw, core.db.is_sqlite, "post_intake", INTAKE_COLUMNS, tables["post_intake"])
        _bulk(raw, core.db.is_sqlite, "findings", FINDING_COLUMNS, tables["findings"])
        raw.commit()
    finally:
        raw.close()
    _cases(core, n_cases)
    _analyze(core)
    core.close()


def _cases(core: Any, n_cases: int) -> None:
    from awas.cases.catalogue import workflow_catalogue
    from bench.bench_cases import _case, _insert

    catalogue = workflow_catalogue(core)
    rng = random.Random(20241127)
    _insert(core, [_case(catalogue, rng, i, open_=i < n_cases) for i in range(n_cases + n_cases // 5)])


def _analyze(core: Any) -> None:
    raw = core.db.engine.raw_connection()
    try:
        raw.cursor().execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _bulk(
    raw: Any, sqlite: bool, table: str, columns: tuple[str, ...], data: Iterable[tuple[Any, ...]]
) -> None:
    cursor = raw.cursor()
    if sqlite:
        marks = ",".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", data)
        return
    with cursor.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
        for row in data:
            copy.write_row(row)
