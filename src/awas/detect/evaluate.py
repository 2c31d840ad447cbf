"""`awas detect eval`: score the shipped detector for one category against a labelled CSV.

For a category with trained heads the score is the highest of its heads' calibrated probabilities,
each scaled so that its validation-chosen threshold is 0.5 (so the threshold reported is 0.5); a
head name (`sara@netifier`) scores that head alone. For a rule-only category
(money politics, neutrality...) each text is run through the full detector as a post without
author or date (so calendar and registry rules cannot fire) and the threshold is the rule
threshold. The positive class is 1; the label column must hold only 0 and 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from awas.detect.calibration import binary_scores
from awas.detect.context import DetectionContext
from awas.detect.pipeline import MODEL_THRESHOLD, RULE_THRESHOLD, detect_batch
from awas.detect.signals import model_applies
from awas.detect.textmodel import TextModel, threshold_scaled
from awas.domain.legal import CATEGORY_IDS
from awas.domain.posts import Post
from awas.errors import InputError, InputProblem
from awas.text import normalise

MAX_ROWS = 2_000_000
_UNDATED = datetime(2000, 1, 1, tzinfo=UTC)  # outside every schedule window: no calendar rule applies


@dataclass(frozen=True)
class EvalResult:
    category: str
    n: int
    precision: float
    recall: float
    f1: float
    threshold: float


def read_labelled(
    path: Path, text_column: str, label_column: str, encoding: str
) -> tuple[list[str], list[int]]:
    """Texts and 0/1 labels; raises InputError naming file, line and column for any bad row."""
    try:
        raw = path.read_bytes().decode(encoding)
    except LookupError as exc:
        raise InputError(
            InputProblem(str(path), f"encoding tidak dikenal: {encoding}", field="--encoding")
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            InputProblem(str(path), f"tidak dapat dibaca dengan encoding {encoding}: {exc}")
        ) from exc
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    for column in (text_column, label_column):
        if column not in (reader.fieldnames or []):
            raise InputError(InputProblem(str(path), "kolom tidak ada", line=1, field=column))
    texts: list[str] = []
    labels: list[int] = []
    problems: list[InputProblem] = []
    for line, row in enumerate(reader, start=2):
        value = (row.get(label_column) or "").strip()
        if value not in ("0", "1"):
            problems.append(
                InputProblem(str(path), f"label harus 0 atau 1, bukan {value[:20]!r}", line, label_column)
            )
            continue
        texts.append(row.get(text_column) or "")
        labels.append(int(value))
        if len(texts) > MAX_ROWS:
            raise InputError(InputProblem(str(path), "lebih dari 2 juta baris", line))
    if problems:
        raise InputError(problems, f"{len(problems)} label tidak sah di {path.name}")
    if not texts:
        raise InputError(InputProblem(str(path), "tidak ada baris data"))
    return texts, labels


def evaluate(
    texts: Sequence[str], labels: Sequence[int], category: str, context: DetectionContext
) -> EvalResult:
    """Precision, recall and F1 of the shipped detector for `category` (positive class = 1)."""
    if category not in CATEGORY_IDS and not context.model.heads_of(category):
        raise InputError(InputProblem("--category", f"kategori tidak dikenal: {category}", field="category"))
    truth = np.array(labels, dtype=np.int64)
    model = context.model
    if model.heads_of(category):
        predicted, threshold = _model_predictions(model, texts, category)
    else:
        predicted, threshold = _rule_predictions(texts, category, context), RULE_THRESHOLD
    scores = binary_scores(predicted, truth)
    return EvalResult(category, scores.n, scores.precision, scores.recall, scores.f1, threshold)


def _model_predictions(model: TextModel, texts: Sequence[str], category: str) -> tuple[np.ndarray, float]:
    """Scores of the category's heads (or of the one head named), threshold-scaled: positive at 0.5."""
    heads = model.heads_of(category)
    chunks = []
    for i in range(0, len(texts), 2000):
        chunk = list(texts[i : i + 2000])
        normalised = [normalise(t) for t in chunk]
        p = model.probabilities(chunk, normalised)
        p[~np.array([model_applies(t, n) for t, n in zip(chunk, normalised, strict=True)], dtype=bool)] = 0.0
        scaled = [threshold_scaled(p[:, h], model.heads[h].threshold) for h in heads]
        chunks.append(np.max(np.column_stack(scaled), axis=1))
    return np.concatenate(chunks) >= MODEL_THRESHOLD, MODEL_THRESHOLD


def _rule_predictions(texts: Sequence[str], category: str, context: DetectionContext) -> np.ndarray:
    flagged: set[str] = set()
    for start in range(0, len(texts), 2000):
        posts = [
            Post(platform="other", post_id=str(i), author_id="eval", text=texts[i], created_at=_UNDATED)
            for i in range(start, min(start + 2000, len(texts)))
        ]
        flagged.update(f.subject_id for f in detect_batch(posts, context) if f.category == category)
    return np.array([f"other:{i}" in flagged for i in range(len(texts))], dtype=bool)
