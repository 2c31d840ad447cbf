"""`awas detect train` on a small slice of the shipped data: deterministic, complete, loadable."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from awas.detect.datasets import HEAD_LABELS, IBROHIM, NETIFIER, load_training_data
from awas.detect.model_card import render_card
from awas.detect.textmodel import TextModel, load_model, save_model
from awas.detect.training import train_text_model
from awas.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
ROWS = 400


def _slice(source: Path, target: Path, rows: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    import csv

    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header, body = next(reader), [row for _, row in zip(range(rows), reader, strict=False)]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(body)


@pytest.fixture(scope="module")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("text")
    for rel in (IBROHIM, NETIFIER):
        _slice(ROOT / "data" / "text" / rel, folder / rel, ROWS)
    return folder


BITS = (12, 12)


@pytest.fixture(scope="module")
def small_model(small_data: Path) -> TextModel:
    return train_text_model(small_data, bits=BITS)


def test_training_is_deterministic_and_round_trips(
    small_data: Path, small_model: TextModel, tmp_path: Path
) -> None:
    first = small_model
    second = train_text_model(small_data, bits=BITS)
    assert first.version == second.version
    assert all(np.array_equal(first.weights[b], second.weights[b]) for b in ("word", "char"))
    save_model(first, tmp_path)
    loaded = load_model(tmp_path)
    assert [h.name for h in loaded.heads] == list(HEAD_LABELS)
    assert loaded.bits == BITS
    texts = ["dasar bodoh kau", "selamat pagi jambi"]
    assert np.allclose(loaded.probabilities(texts, texts), first.probabilities(texts, texts), atol=0.05)


def test_the_card_reports_every_head_with_its_split(small_model: TextModel) -> None:
    model = small_model
    card = render_card(model)
    for head in HEAD_LABELS:
        assert f"| {head} |" in card
        report = model.card[head]
        assert len(report["f1_per_fold"]) == 5
        assert 0 <= report["threshold"] <= 1
    assert "seed 42" in card and "Known weaknesses" in card


def test_folds_are_fixed_and_stratified(small_data: Path) -> None:
    data = load_training_data(small_data)
    again = load_training_data(small_data)
    assert np.array_equal(data.fold, again.fold)
    hs = data.labels["hate_speech"] >= 0
    per_fold = [data.labels["hate_speech"][hs & (data.fold == k)].mean() for k in range(5)]
    assert max(per_fold) - min(per_fold) < 0.1


def test_missing_or_broken_training_files_are_named(small_data: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ibrohim2019"):
        load_training_data(tmp_path)
    shutil.copytree(small_data, tmp_path / "copy")
    (tmp_path / "copy" / NETIFIER).write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="original_text"):
        load_training_data(tmp_path / "copy")
