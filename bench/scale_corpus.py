"""A synthetic canonical-JSONL stream for the scale-out tests and benchmark (deterministic per seed).

Texts: the demo corpora (detect's violation examples, intake's news and campaign posts) and the
Ibrohim tweets bundled under data/text (abusive and hate speech, so findings are frequent), with a
few words appended; every 20th post is an edited copy posted by one of a few account rings within
minutes (coordination has something to find). Dates span the campaign period and the quiet days.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
WIB = ZoneInfo("Asia/Jakarta")
PLATFORMS = ("x", "facebook", "instagram", "tiktok", "youtube")
REGIONS = ("15.71", "15.04", "15.05", "15.01", "15.09", None)
EXTRA = ("jambi", "pilkada", "warga", "kampanye", "desa", "bupati", "gubernur", "coblos", "kota", "rakyat")


def _texts() -> list[str]:
    texts: list[str] = []
    for name in ("src/awas/detect/samples/posts.jsonl", "src/awas/ingest/samples/posts.jsonl"):
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    with (ROOT / "data/text/ibrohim2019/train.csv").open(encoding="utf-8") as fh:
        texts += [row["Tweet"] for row in csv.DictReader(fh)]
    return texts


def _record(i: int, rng: random.Random, texts: list[str], start: datetime) -> dict[str, object]:
    if i % 20 == 0:  # a ring of 8 accounts posting edited copies of one message within minutes
        ring, message = (i // 20) % 50, (i // 400) % 40
        words = texts[message * 7 % len(texts)].split()
        text = " ".join(words + [EXTRA[i % len(EXTRA)]])
        author = f"ring{ring}-{i % 160 // 20}"
        created = start + timedelta(days=message, seconds=ring * 3600 + rng.randint(0, 240))
    else:
        text = f"{rng.choice(texts)} {' '.join(rng.choices(EXTRA, k=rng.randint(0, 3)))}".strip()
        author = f"akun{rng.randint(1, 40000)}"
        created = start + timedelta(seconds=rng.randint(0, 5_500_000))
    record: dict[str, object] = {
        "platform": PLATFORMS[i % len(PLATFORMS)],
        "post_id": f"s-{i}",
        "author_id": author,
        "author_handle": author,
        "text": text,
        "created_at": created.isoformat(),
        "metrics": {"likes": rng.randint(0, 500)},
    }
    region = REGIONS[i % len(REGIONS)]
    return record | ({"region": region} if region else {})


def write_corpus(path: Path, rows: int, seed: int = 10) -> Path:
    """Write `rows` posts to `path` (kept if it already exists with that many lines)."""
    if path.exists() and sum(1 for _ in path.open("rb")) == rows:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = _texts()
    start = datetime(2024, 9, 25, 8, tzinfo=WIB)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(rows):
            fh.write(json.dumps(_record(i, rng, texts, start), ensure_ascii=False) + "\n")
    return path
