"""Detection gives the same findings in every process: Ray workers run with other hash seeds.

The 200,000-post benchmark found one finding whose evidence span depended on Python's per-process
string hash seed (a tie between two equally near rule partners); post s-8208 of the corpus is it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.scale_corpus import write_corpus

SCRIPT = """
import hashlib, json, sys
from pathlib import Path
from dataclasses import asdict
from awas.detect.context import DetectionContext, schedule_from
from awas.detect.pipeline import detect_batch
from awas.detect.posts_io import read_posts
from awas.detect.textmodel import shipped_model
posts = list(read_posts(Path(sys.argv[1])))[8000:8400]
found = detect_batch(posts, DetectionContext(shipped_model(), {}, {}, [], schedule_from({})))
text = json.dumps([asdict(f) for f in found], sort_keys=True, default=str)
print(len(found), hashlib.sha256(text.encode()).hexdigest())
"""


def test_findings_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "posts.jsonl", 10_000)
    assert (
        "s-8208" in corpus.read_text().splitlines()[8208]
        and "mobil dinas" in json.loads(corpus.read_text().splitlines()[8208])["text"]
    )
    digests = set()
    for seed in ("1", "3", "5"):
        env = os.environ | {"PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(corpus)], env=env, capture_output=True, text=True, check=True
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1, digests
    assert int(next(iter(digests)).split()[0]) > 100
