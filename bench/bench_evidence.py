"""Evidence benchmark: `awas evidence verify --all` over 100,000 small artefacts and their ledger, and
concurrent capture of local pages (no browser).

    python bench/bench_evidence.py [--repeat 3] [--artefacts 100000] [--pages 300]

The verify case builds its vault once under bench/out/evidence-<n>/ (SQLite database, one 200-byte
file and one `captured` ledger entry per artefact; not timed) and then times the real CLI command
in a fresh process. The capture case serves the bundled sample pages from a separate
`python -m http.server` process on loopback and captures them with AWAS_EVIDENCE_WORKERS threads.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
from bench.harness import header, measure, save  # noqa: E402

CAPTURES_PER_BATCH = 1000


def _env(home: Path) -> dict[str, str]:
    return os.environ | {"AWAS_HOME": str(home), "AWAS_DATA_DIR": str(home / "data")}


def build_vault(home: Path, artefacts: int) -> None:
    """Seed `artefacts` artefacts (10 per capture) with their files and ledger, if not there yet."""
    from awas.app import App
    from awas.evidence.config import load_evidence_settings
    from awas.evidence.ledger import Action, EntryDraft, append
    from awas.evidence.tables import evidence_artefacts, evidence_captures
    from awas.evidence.vault import open_vault
    from awas.settings import load_settings
    from awas.timeutil import utcnow

    if (home / "ready").exists():
        return
    app = App(load_settings(home=home, data_dir=home / "data"))
    app.upgrade_schema()
    vault = open_vault(app.settings.resolved_data_dir, load_evidence_settings())
    now = utcnow()
    for start in range(0, artefacts, CAPTURES_PER_BATCH):
        with app.db.transaction() as conn:
            _seed_batch(
                conn,
                vault,
                start,
                min(CAPTURES_PER_BATCH, artefacts - start),
                now,
                evidence_captures,
                evidence_artefacts,
                EntryDraft,
                Action,
                append,
            )
    (home / "ready").write_text("ok\n")
    app.close()


def _seed_batch(
    conn: Any,
    vault: Any,
    start: int,
    count: int,
    now: Any,
    captures: Any,
    arts: Any,
    draft: Any,
    action: Any,
    append: Any,
) -> None:
    capture_rows = [
        {
            "id": (start + i) // 10 + 1,
            "source_kind": "url",
            "url": f"http://example.test/{start + i}",
            "status": "stored",
            "actor": "bench",
            "started_at": now,
            "finished_at": now,
            "metadata": {},
        }
        for i in range(0, count, 10)
    ]
    conn.execute(captures.insert(), capture_rows)
    rows, drafts = [], []
    for i in range(start, start + count):
        path = vault.scratch / f"seed-{i}"
        path.write_bytes(f"artefak {i:08d} ".encode() * 12)
        stored = vault.store_file(path)
        rows.append(
            {
                "id": i + 1,
                "capture_id": i // 10 + 1,
                "kind": "text",
                "name": "text.txt",
                "digest": stored.digest,
                "size": stored.size,
                "media_type": "text/plain",
                "created_at": now,
            }
        )
        drafts.append(
            draft(
                artefact_id=i + 1,
                action=action.CAPTURED,
                actor="bench",
                reason="bench",
                details={
                    "capture_id": i // 10 + 1,
                    "name": "text.txt",
                    "kind": "text",
                    "digest": stored.digest,
                    "size": stored.size,
                },
            )
        )
    conn.execute(arts.insert(), rows)
    append(conn, drafts)


def verify_all(home: str, artefacts: int) -> dict[str, Any]:
    """Build the vault (not timed), then time `awas evidence verify --all` in its own process."""
    build_vault(Path(home), artefacts)
    start = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "awas"), "evidence", "verify", "--all"],
        env=_env(Path(home)),
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return {"timed_seconds": elapsed, "output": done.stderr.strip()[-200:]}


def capture_pages(home: str, pages: int, workers: int) -> dict[str, Any]:
    """Capture `pages` loopback pages concurrently; the server runs in its own process."""
    from awas.app import App
    from awas.evidence.capture import Capturer
    from awas.settings import load_settings

    samples = ROOT / "src" / "awas" / "evidence" / "samples"
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(samples)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = int((server.stdout.readline() if server.stdout else "").split("port ")[1].split()[0])
        app = App(load_settings(home=Path(home), data_dir=Path(home) / "data"))
        app.upgrade_schema()
        capturer = Capturer(app)
        urls = [f"http://127.0.0.1:{port}/berita-kampanye.html?n={i}" for i in range(pages)]
        start = time.perf_counter()
        results = capturer.capture_urls(urls, actor="bench", workers=workers)
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
    stored = sum(r.stored for r in results)
    return {"timed_seconds": elapsed, "stored": stored, "pages_per_second": round(stored / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--artefacts", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    home = ROOT / "bench" / "out" / f"evidence-{args.artefacts}"
    build_vault(home, args.artefacts)
    header()
    results = [
        measure(
            f"verify --all, {args.artefacts:,} artefacts + ledger (CLI)",
            "bench.bench_evidence:verify_all",
            args.repeat,
            home=str(home),
            artefacts=args.artefacts,
        ),
    ]
    import tempfile

    results.append(
        measure(
            f"capture {args.pages} local pages, {args.workers} workers",
            "bench.bench_evidence:capture_pages",
            args.repeat,
            home=tempfile.mkdtemp(prefix="awas-bench-cap-"),
            pages=args.pages,
            workers=args.workers,
        )
    )
    print(f"capture rate: {results[-1].extra.get('pages_per_second')} pages/s (last run)")
    save("evidence", results, loadavg=Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
