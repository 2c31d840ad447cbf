"""The work queue with leases: several worker processes, one killed with SIGKILL mid-batch."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.ingest.service import IngestService
from awas.scale.queue import claim, claimable_count, finish
from awas.store.tables import findings, posts
from tests.scale import queue_worker


def _import(core: App, corpus: Path) -> int:
    return IngestService(core).import_file(corpus, "jsonl", actor="test").accepted


def _stages(core: App) -> Counter[str]:
    with core.db.read() as conn:
        return Counter(
            dict(conn.execute(sa.select(posts.c.stage, sa.func.count()).group_by(posts.c.stage)).all())
        )


def test_late_worker_is_fenced_out_after_its_lease_was_taken_over(app: App, corpus: Path) -> None:
    _import(app, corpus)
    first = claim(app.db, 10, timedelta(seconds=3600))
    assert claim(app.db, 10, timedelta(seconds=3600)).items != first.items  # disjoint while leased
    time.sleep(0.05)
    second = claim(app.db, 5, timedelta(microseconds=1))  # the lease is over: the oldest are taken over
    assert [pk for pk, _ in second.items] == [pk for pk, _ in first.items][:5]
    late = finish(app.db, first, queue_worker.probe([p for _, p in first.items]))
    assert (late.posts, late.lost) == (5, 5)  # only the 5 still under its stamp
    again = finish(app.db, second, queue_worker.probe([p for _, p in second.items]))
    assert (again.posts, again.lost) == (5, 0)
    with app.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(findings)).scalar_one() == 10
    assert finish(app.db, second, []).posts == 0  # a retried finish changes nothing


def test_concurrent_workers_process_each_post_once_even_when_one_is_killed(
    app: App, corpus: Path, tmp_path: Path
) -> None:
    total = _import(app, corpus)
    url = app.db.url.render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")
    victim = spawn.Process(target=queue_worker.run, args=(url, str(tmp_path / "victim.txt"), 100, 4.0, 300))
    victim.start()
    claimed_file = tmp_path / "victim.claimed"
    for _ in range(600):
        if claimed_file.exists() and claimed_file.read_text():
            break
        time.sleep(0.1)
    os.kill(victim.pid or 0, signal.SIGKILL)  # mid-batch: claim committed, nothing finished
    victim.join()
    stolen = {int(line) for line in claimed_file.read_text().split()}
    assert len(stolen) == 100 and not (tmp_path / "victim.txt").exists()
    workers = [
        spawn.Process(target=queue_worker.run, args=(url, str(tmp_path / f"w{i}.txt"), 50, 4.0))
        for i in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)
        assert worker.exitcode == 0
    files = [tmp_path / f"w{i}.txt" for i in range(4)]
    done = [int(line) for f in files if f.exists() for line in f.read_text().split()]
    assert len(done) == len(set(done)) == total  # none twice, none lost
    assert stolen <= set(done)
    assert sum(1 for f in files if f.exists()) >= 2  # really concurrent
    assert _stages(app) == Counter({"detected": total})
    assert claimable_count(app.db) == 0
    with app.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(findings)).scalar_one() == total
