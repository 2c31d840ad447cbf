"""The shipped text model: linear heads over hashed word and character n-grams, calibrated per head.

Artefact (`awas/detect/model/`): `text-model.json` (version, heads, Platt parameters, thresholds,
cross-validated scores, training data hashes) and `text-model.npz` (per block: idf ⊙ weight for
every bucket and head, int8 with square-root companding and one scale per head, and the idf as
float16). Plain numpy
and JSON load on any library version; no pickle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from awas.detect.calibration import Platt
from awas.detect.vectorise import count_matrices, inverse_norms

F32 = npt.NDArray[np.float32]
BLOCKS = ("word", "char")


@dataclass(frozen=True, slots=True)
class Head:
    name: str  # category id, or "category@dataset", or an auxiliary label such as "pornografi"
    platt: Platt
    threshold: float
    is_category: bool

    @property
    def category(self) -> str:
        return self.name.split("@")[0]


@dataclass(frozen=True)
class TextModel:
    version: str
    heads: tuple[Head, ...]
    weights: dict[str, F32]  # block → (buckets, heads) idf ⊙ weight
    idf: dict[str, F32]  # block → (buckets,)
    bias: F32  # (heads,)
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def bits(self) -> tuple[int, int]:
        """log2 of the number of buckets of the word and char blocks (from the weights' shape)."""
        return (
            self.weights["word"].shape[0].bit_length() - 1,
            self.weights["char"].shape[0].bit_length() - 1,
        )

    @cached_property
    def categories(self) -> frozenset[str]:
        """The violation categories the model's heads serve (auxiliary heads excluded)."""
        return frozenset(h.category for h in self.heads if h.is_category)

    def category_scores(self, probabilities: F32) -> dict[str, F32]:
        """Per category, the max over its heads of the threshold-scaled probability (0.5 = threshold)."""
        scores: dict[str, F32] = {}
        for category in {h.category for h in self.heads}:
            heads = self.heads_of(category)
            scaled = [threshold_scaled(probabilities[:, i], self.heads[i].threshold) for i in heads]
            scores[category] = scaled[0] if len(scaled) == 1 else np.maximum.reduce(scaled)
        return scores

    def heads_of(self, category: str) -> list[int]:
        """Indices of the heads serving `category` (or of the head named so)."""
        return self._heads_by_name.get(category, [])

    @cached_property
    def _heads_by_name(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for index, head in enumerate(self.heads):
            found.setdefault(head.category, []).append(index)
            if head.name != head.category:
                found[head.name] = [index]
        return found

    def head_index(self, name: str) -> int:
        for index, head in enumerate(self.heads):
            if head.name == name:
                return index
        raise KeyError(name)

    def decision(self, counts: dict[str, list[sp.csr_matrix]]) -> F32:
        """Raw linear scores (posts × heads) from the blocks' count matrices (each in parts)."""
        total = np.tile(self.bias, (counts["word"][0].shape[0], 1))
        for block in BLOCKS:
            parts = counts[block]
            dot = sum(part @ self.weights[block] for part in parts)
            total += dot * inverse_norms(parts, self.idf[block])[:, None]
        result: F32 = total.astype(np.float32)
        return result

    def probabilities(self, texts: Sequence[str], normalised: Sequence[str]) -> F32:
        """Calibrated probabilities (posts × heads)."""
        word, char = count_matrices(texts, normalised, self.bits)
        raw = self.decision({"word": [word], "char": [char]})
        return np.column_stack([h.platt(raw[:, i]) for i, h in enumerate(self.heads)]).astype(np.float32)


def threshold_scaled(probability: F32, threshold: float) -> F32:
    """Map a calibrated probability piecewise-linearly so that the head's threshold lands on 0.5.

    Finding scores share one meaning across models and rules: 0.5 is the decision threshold.
    """
    below = 0.5 * probability / threshold
    above = 0.5 + 0.5 * (probability - threshold) / (1.0 - threshold)
    result: F32 = np.where(probability < threshold, below, above).astype(np.float32)
    return result


def quantise(weights: F32) -> tuple[npt.NDArray[np.int8], F32]:
    """int8 codes with square-root companding (fine steps near zero, where most weights are)."""
    scale = np.maximum(np.abs(weights).max(axis=0), 1e-12).astype(np.float32)
    codes = np.round(127.0 * np.sign(weights) * np.sqrt(np.abs(weights) / scale))
    return codes.astype(np.int8), scale


def dequantise(codes: npt.NDArray[np.int8], scale: F32) -> F32:
    unit = codes.astype(np.float32) / 127.0
    weights: F32 = (np.sign(unit) * unit * unit * scale).astype(np.float32)
    return weights


def model_dir() -> Path:
    return Path(str(files("awas.detect") / "model"))


def save_model(model: TextModel, directory: Path) -> None:
    """Write `text-model.npz` and `text-model.json` into `directory` (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, npt.NDArray[Any]] = {"bias": model.bias}
    for block in BLOCKS:
        arrays[f"{block}_q"], arrays[f"{block}_scale"] = quantise(model.weights[block])
        arrays[f"{block}_idf"] = model.idf[block].astype(np.float16)
    np.savez_compressed(directory / "text-model.npz", allow_pickle=False, **arrays)
    meta = {
        "version": model.version,
        "heads": [
            {
                "name": h.name,
                "platt": [h.platt.a, h.platt.b],
                "threshold": h.threshold,
                "category": h.is_category,
            }
            for h in model.heads
        ],
        "card": model.card,
    }
    (directory / "text-model.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def load_model(directory: Path) -> TextModel:
    """Read an artefact written by `save_model`; raises FileNotFoundError / KeyError if incomplete."""
    meta = json.loads((directory / "text-model.json").read_text(encoding="utf-8"))
    with np.load(directory / "text-model.npz") as npz:
        weights = {b: dequantise(npz[f"{b}_q"], npz[f"{b}_scale"]) for b in BLOCKS}
        idf = {b: npz[f"{b}_idf"].astype(np.float32) for b in BLOCKS}
        bias = npz["bias"].astype(np.float32)
    heads = tuple(
        Head(h["name"], Platt(*h["platt"]), float(h["threshold"]), bool(h["category"])) for h in meta["heads"]
    )
    return TextModel(meta["version"], heads, weights, idf, bias, meta.get("card", {}))


@cache
def shipped_model() -> TextModel:
    """The model shipped in the package (loaded once per process)."""
    return load_model(model_dir())
