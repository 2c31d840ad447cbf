"""A synthetic canonical-JSONL stream for the scale-out tests and benchmark (deterministic per seed).

Texts: the demo corpora (detect's violation examples, intake's news and campaign posts) and the
Ibrohim tweets bundled under data/text (abusive and hate speech, so findings are frequent), with a
few words appended; every 20th post is an edited copy of a ring's message, posted by the ring's
six accounts within minutes, on X (coordination has something to find). Dates span the campaign
period and the quiet days.
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


def _record(i: int, rng: random.Random, texts: list[str], rings: int, start: datetime) -> dict[str, object]:
    if i % 20 == 0:  # ring r's 6 accounts post edited copies of message m within 3 minutes
        event = i // 20
        ring, copy, message = event % rings, (event // rings) % 6, event // (6 * rings)
        long_texts = [t for t in texts if len(t.split()) >= 12]
        words = long_texts[(message * 31 + ring * 7) % len(long_texts)].split()
        text = " ".join(words + [EXTRA[(copy + i) % len(EXTRA)]])
        author = f"ring{ring}-{copy}"
        created = start + timedelta(hours=12 * message, seconds=ring * 600 + rng.randint(0, 180))
    else:
        text = f"{rng.choice(texts)} {' '.join(rng.choices(EXTRA, k=rng.randint(0, 3)))}".strip()
        author = f"akun{rng.randint(1, 40000)}"
        created = start + timedelta(seconds=rng.randint(0, 5_500_000))
    record: dict[str, object] = {
        "platform": PLATFORMS[i % len(PLATFORMS)] if i % 20 else "x",
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
    rings = max(5, rows // 4000)
    start = datetime(2024, 9, 25, 8, tzinfo=WIB)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(rows):
            fh.write(json.dumps(_record(i, rng, texts, rings, start), ensure_ascii=False) + "\n")
    return path
