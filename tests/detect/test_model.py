"""The shipped model artefact: loadable without pickle, complete, documented, sensible."""

from __future__ import annotations

import json
import zipfile

import numpy as np

from awas.detect.datasets import HEAD_LABELS
from awas.detect.textmodel import model_dir, shipped_model
from awas.domain.legal import CATEGORY_IDS
from awas.text import normalise


def test_artefact_is_small_plain_numpy_and_json() -> None:
    folder = model_dir()
    npz = folder / "text-model.npz"
    assert npz.stat().st_size < 5 * 1024 * 1024
    with zipfile.ZipFile(npz) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    with np.load(npz, allow_pickle=False) as arrays:
        assert {"bias", "word_q", "char_q", "word_idf", "char_idf"} <= set(arrays.files)
    meta = json.loads((folder / "text-model.json").read_text(encoding="utf-8"))
    assert [h["name"] for h in meta["heads"]] == list(HEAD_LABELS)


def test_every_category_head_is_a_known_category_with_a_validated_threshold() -> None:
    model = shipped_model()
    for head in model.heads:
        assert head.is_category == (head.category in CATEGORY_IDS)
        assert 0.05 < head.threshold < 0.95
        report = model.card[head.name]
        assert len(report["f1_per_fold"]) == 5 and report["threshold"] == head.threshold


def test_model_card_matches_the_shipped_model() -> None:
    card = (model_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
    model = shipped_model()
    assert model.version in card
    assert f"{model.card['hate_speech']['pooled']['f1']:.3f}" in card
    assert "Known weaknesses" in card and "CC BY-NC-SA 4.0" in card


def test_obvious_cases_go_the_right_way() -> None:
    model = shipped_model()
    texts = ["dasar anjing goblok kau bangsat", "selamat pagi, semoga harimu menyenangkan"]
    p = model.probabilities(texts, [normalise(t) for t in texts])
    abusive = model.head_index("abusive")
    assert p[0, abusive] > model.heads[abusive].threshold > p[1, abusive]
