"""`awas detect train`: fit the text model's heads, calibrate them and measure them, deterministically.

Protocol (per head, on the rows labelled for it, 5 fixed folds from `datasets`):
1. outer loop: for each test fold k, a model fitted on the other four folds scores fold k;
2. nested validation: Platt scaling and the F1-maximising threshold used on fold k are fitted on
   scores for the other four folds, each from a model that saw neither that fold nor k (the ten
   models on three folds serve every (k, j) pair); the test fold never tunes anything;
3. the reported scores are those fold-k predictions, pooled over k (and per fold);
4. the shipped head: fitted on all rows; its Platt scaling and threshold come from the outer
   out-of-fold scores of step 1.
Learner: L2 logistic regression (liblinear dual, C=10, tol=1e-3, balanced class weights, fixed seed),
over binary TF-IDF of word 1–2-grams and char 2–5-grams (`vectorise`). The report also gives the
scores on the rows whose normalised text has no exact copy in the other folds (Netifier repeats some
posts up to 153 times; a copy in the training folds makes its test row easy).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from awas.detect.calibration import Platt, binary_scores, f1_threshold, fit_platt
from awas.detect.datasets import HEAD_LABELS, N_FOLDS, SEED, TrainingData, load_training_data
from awas.detect.features import CHAR_BUCKETS_BITS, CHAR_ORDERS, WORD_BUCKETS_BITS
from awas.detect.textmodel import Head, TextModel
from awas.detect.vectorise import count_matrices, inverse_document_frequency, scaled
from awas.domain.legal import CATEGORY_IDS
from awas.text import normalise

C = 10.0
TOLERANCE = 1e-3
# The dual solver: same scores as the primal one here (measured), and faster with more features than rows.
DUAL = True
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Progress = Callable[[str], None]
FEATURES = f"binary tf-idf: word 1-2-grams (normalised) + char {CHAR_ORDERS[0]}-{CHAR_ORDERS[-1]}-grams (raw)"


@dataclass(frozen=True)
class Fitted:
    idf: dict[str, npt.NDArray[np.float32]]
    coef: dict[str, F64]
    intercept: float

    def decision(self, counts: dict[str, sp.csr_matrix]) -> F64:
        total = np.full(next(iter(counts.values())).shape[0], self.intercept)
        for block, matrix in counts.items():
            total += scaled(matrix, self.idf[block]) @ self.coef[block]
        return total


@dataclass(frozen=True)
class HeadResult:
    head: Head
    fitted: Fitted
    report: dict[str, Any]


def fit_head(
    counts: dict[str, sp.csr_matrix], labels: I64, idf: dict[str, npt.NDArray[np.float32]] | None = None
) -> Fitted:
    """One logistic-regression head on the given rows (idf from those rows unless given)."""
    from sklearn.linear_model import LogisticRegression

    idf = idf or {block: inverse_document_frequency(m) for block, m in counts.items()}
    design = sp.hstack([scaled(m, idf[block]) for block, m in counts.items()]).tocsr()
    learner = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", tol=TOLERANCE, dual=DUAL, random_state=SEED
    )
    learner.fit(design, labels)
    coef = learner.coef_.ravel().astype(np.float64)
    split = counts["word"].shape[1]
    return Fitted(idf, {"word": coef[:split], "char": coef[split:]}, float(learner.intercept_[0]))


def _rows(counts: dict[str, sp.csr_matrix], rows: I64) -> dict[str, sp.csr_matrix]:
    return {block: m[rows] for block, m in counts.items()}


def cross_validate(counts: dict[str, sp.csr_matrix], labels: I64, folds: I64) -> tuple[F64, F64]:
    """(outer out-of-fold raw scores, nested calibrated probabilities) for every row."""
    outer = np.zeros(len(labels))
    pair_scores: dict[tuple[int, int], F64] = {}
    for j, k in itertools.combinations(range(N_FOLDS), 2):
        fit_on = np.flatnonzero((folds != j) & (folds != k))
        model = fit_head(_rows(counts, fit_on), labels[fit_on])
        for held in (j, k):
            pair_scores[(held, k + j - held)] = model.decision(_rows(counts, np.flatnonzero(folds == held)))
    nested = np.zeros(len(labels))
    for k in range(N_FOLDS):
        train, test = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        model = fit_head(_rows(counts, train), labels[train])
        outer[test] = model.decision(_rows(counts, test))
        inner_scores = np.zeros(len(labels))
        for j in set(range(N_FOLDS)) - {k}:
            inner_scores[folds == j] = pair_scores[(j, k)]
        platt = fit_platt(inner_scores[train], labels[train])
        threshold = f1_threshold(platt(inner_scores[train]), labels[train])
        nested[test] = np.where(platt(outer[test]) >= threshold, 1.0, 0.0)
    return outer, nested


def copied_across_folds(keys: list[str], folds: I64) -> npt.NDArray[np.bool_]:
    """True for rows whose key (normalised text) also occurs in another fold."""
    seen: dict[str, set[int]] = {}
    for key, fold in zip(keys, folds.tolist(), strict=True):
        seen.setdefault(key, set()).add(fold)
    return np.array([len(seen[key]) > 1 for key in keys], dtype=bool)


def train_head(
    name: str,
    data: TrainingData,
    counts: dict[str, sp.csr_matrix],
    idf: dict[str, npt.NDArray[np.float32]],
    normalised: list[str],
) -> HeadResult:
    rows = data.rows_for(name)
    labels, folds = data.labels[name][rows], data.fold[rows]
    local = _rows(counts, rows)
    outer, nested = cross_validate(local, labels, folds)
    platt = fit_platt(outer, labels)
    threshold = f1_threshold(platt(outer), labels)
    fitted = fit_head(local, labels, idf)
    report = _report(nested.astype(bool), labels, folds, data.source[rows])
    unseen = ~copied_across_folds([normalised[i] for i in rows.tolist()], folds)
    report["unseen"] = asdict(binary_scores(nested.astype(bool)[unseen], labels[unseen]))
    report |= {"threshold": threshold, "platt": [platt.a, platt.b]}
    head = Head(name, Platt(platt.a, platt.b), threshold, name.split("@")[0] in CATEGORY_IDS)
    return HeadResult(head, fitted, report)


def _report(
    predicted: npt.NDArray[np.bool_], labels: I64, folds: I64, source: npt.NDArray[np.str_]
) -> dict[str, Any]:
    per_fold = [binary_scores(predicted[folds == k], labels[folds == k]).f1 for k in range(N_FOLDS)]
    per_source = {
        str(s): asdict(binary_scores(predicted[source == s], labels[source == s])) for s in np.unique(source)
    }
    return {
        "rows": int(len(labels)),
        "positives": int(labels.sum()),
        "pooled": asdict(binary_scores(predicted, labels)),
        "f1_per_fold": per_fold,
        "f1_fold_mean": float(np.mean(per_fold)),
        "f1_fold_sd": float(np.std(per_fold)),
        "per_source": per_source,
    }


def train_text_model(
    data_dir: Path,
    progress: Progress | None = None,
    bits: tuple[int, int] = (WORD_BUCKETS_BITS, CHAR_BUCKETS_BITS),
) -> TextModel:
    """Train every head on the data in `data_dir`; raises InputError for missing or unreadable files.

    `bits` sets 2**bits hash buckets per block (smaller only for quick tests).
    """
    say = progress or (lambda _message: None)
    data = load_training_data(data_dir)
    say(f"{len(data.texts)} baris data latih dibaca; normalisasi dan fitur")
    normalised = [normalise(t) for t in data.texts]
    word, char = count_matrices(data.texts, normalised, bits)
    counts = {"word": word, "char": char}
    # The shipped heads share one idf per block, over every training row (it uses no labels).
    idf = {block: inverse_document_frequency(m) for block, m in counts.items()}
    results = []
    for name in HEAD_LABELS:
        say(f"melatih dan memvalidasi silang: {name}")
        results.append(train_head(name, data, counts, idf, normalised))
    return _assemble(results, data, idf)


def _assemble(
    results: list[HeadResult], data: TrainingData, idf: dict[str, npt.NDArray[np.float32]]
) -> TextModel:
    weights = {
        block: np.column_stack([r.fitted.coef[block] * r.fitted.idf[block] for r in results]).astype(
            np.float32
        )
        for block in ("word", "char")
    }
    bias = np.array([r.fitted.intercept for r in results], dtype=np.float32)
    card = {r.head.name: r.report for r in results}
    card["_training"] = {
        "files": data.files,
        "seed": SEED,
        "folds": N_FOLDS,
        "C": C,
        "features": FEATURES,
    }
    digest = hashlib.sha256(json.dumps(card, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return TextModel(f"tm2-{digest}", tuple(r.head for r in results), weights, idf, bias, card)
