"""The labelled training data shipped in the repository (`data/text/`), as one table of rows.

Each head of the text model learns one category from the rows that carry a label for it:

| head | positive when | rows |
|---|---|---|
| hate_speech | Ibrohim `HS` | Ibrohim |
| abusive | Ibrohim `Abusive` | Ibrohim |
| sara@ibrohim2019 | Ibrohim `HS_Religion` or `HS_Race` | Ibrohim |
| sara@netifier | Netifier `sara` | Netifier |
| defamation@ibrohim2019 | Ibrohim `HS_Individual` | Ibrohim |
| defamation@netifier | Netifier `pencemaran_nama_baik` | Netifier |
| violence_threat | Ibrohim `HS_Strong` (provocation / incitement: a proxy) | Ibrohim |
| anti_pancasila | Netifier `radikalisme` (a proxy) | Netifier |
| pornografi | Netifier `pornografi` (no Pilkada category; kept for the Netifier benchmark) | Netifier |

A head `category@dataset` serves its category together with the other heads of that category (the
two datasets label SARA and defamation differently, so one head each learns better than one head
on both; measured: a single head on both lost 2–4 F1 points on Netifier).

Folds: 5 stratified folds per dataset (seed 42), stratified on the label combination, assigned once
so every head and every run uses the same split.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from awas.errors import InputError, InputProblem

SEED = 42
N_FOLDS = 5
IBROHIM = "ibrohim2019/train.csv"
NETIFIER = "netifier/train.csv"

# head → {dataset: expression over that dataset's columns (any of the columns is 1)}
HEAD_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "hate_speech": {"ibrohim2019": ("HS",)},
    "abusive": {"ibrohim2019": ("Abusive",)},
    "sara@ibrohim2019": {"ibrohim2019": ("HS_Religion", "HS_Race")},
    "sara@netifier": {"netifier": ("sara",)},
    "defamation@ibrohim2019": {"ibrohim2019": ("HS_Individual",)},
    "defamation@netifier": {"netifier": ("pencemaran_nama_baik",)},
    "violence_threat": {"ibrohim2019": ("HS_Strong",)},
    "anti_pancasila": {"netifier": ("radikalisme",)},
    "pornografi": {"netifier": ("pornografi",)},
}
NETIFIER_LABELS = {
    "pornografi": "pornografi",
    "sara": "sara@netifier",
    "radikalisme": "anti_pancasila",
    "pencemaran_nama_baik": "defamation@netifier",
}

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TrainingData:
    texts: list[str]
    source: npt.NDArray[np.str_]  # dataset name per row
    fold: IntArray  # 0..4 per row
    labels: dict[str, IntArray]  # head → 0/1 per row, -1 where the row's dataset has no such label
    files: dict[str, str]  # relative path → sha256

    def rows_for(self, head: str) -> IntArray:
        return np.flatnonzero(self.labels[head] >= 0)


def _read_csv(path: Path, text_column: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(InputProblem(str(path), f"tidak dapat dibaca: {exc}")) from exc
    if not rows or text_column not in rows[0]:
        raise InputError(InputProblem(str(path), "kolom teks tidak ada", field=text_column))
    return rows


def _folds(keys: list[str]) -> IntArray:
    """Stratified folds: rows sorted by (label key, seeded random), then dealt round-robin."""
    rng = np.random.default_rng(SEED)
    order = np.lexsort((rng.random(len(keys)), np.array(keys)))
    fold = np.empty(len(keys), dtype=np.int64)
    fold[order] = np.arange(len(keys)) % N_FOLDS
    return fold


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_training_data(data_dir: Path) -> TrainingData:
    """Read Ibrohim 2019 and Netifier from `data_dir`; raises InputError naming a missing/bad file."""
    ib = _read_csv(data_dir / IBROHIM, "Tweet")
    nf = _read_csv(data_dir / NETIFIER, "original_text")
    sets = {"ibrohim2019": (ib, "Tweet"), "netifier": (nf, "original_text")}
    texts = [r["Tweet"] for r in ib] + [r["original_text"] for r in nf]
    source = np.array(["ibrohim2019"] * len(ib) + ["netifier"] * len(nf))
    labels = {head: _head_labels(head, sets) for head in HEAD_LABELS}
    fold = np.concatenate([_folds([_label_key(r, name) for r in rows]) for name, (rows, _) in sets.items()])
    files = {rel: _sha256(data_dir / rel) for rel in (IBROHIM, NETIFIER)}
    return TrainingData(texts, source, fold, labels, files)


def _label_key(row: dict[str, str], dataset: str) -> str:
    columns = sorted({c for spec in HEAD_LABELS.values() for c in spec.get(dataset, ())})
    return "".join(row.get(c, "0") for c in columns)


def _head_labels(head: str, sets: dict[str, tuple[list[dict[str, str]], str]]) -> IntArray:
    parts: list[IntArray] = []
    for name, (rows, _) in sets.items():
        columns = HEAD_LABELS[head].get(name)
        if columns is None:
            parts.append(np.full(len(rows), -1, dtype=np.int64))
            continue
        parts.append(np.array([int(any(r[c].strip() == "1" for c in columns)) for r in rows], dtype=np.int64))
    return np.concatenate(parts)
