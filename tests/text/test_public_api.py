"""The public text API that coordination's column-wise normaliser builds on (no private imports)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polars as pl

import awas
from awas.coord import fastnorm
from awas.text import EMOJI_PATTERN, TOKEN_PATTERN, clean, normalise, transform_token

SRC = Path(awas.__file__).parent


def test_emoji_pattern_is_the_token_patterns_emoji_alternative() -> None:
    emoji = re.compile(EMOJI_PATTERN)
    for sample in ("💰", "🇮🇩", "🔥", "☀"):
        assert emoji.fullmatch(sample), sample
        assert TOKEN_PATTERN.findall(f"uang {sample} banyak") == ["uang", sample, "banyak"]
    assert transform_token("💰") == "uang" and normalise("amplop 💰") == "amplop uang"
    assert clean("a\u200bb") == "ab"


def test_coordination_normalises_emoji_like_the_normaliser() -> None:
    texts = ["bagi 💰 di 🇮🇩 sekarang 🔥🔥", "tolak politik uang 💰💰 #Jambi"]
    assert fastnorm.normalise_column(pl.Series(texts)).to_list() == [normalise(t) for t in texts]


def test_no_module_imports_a_private_name_of_another_package() -> None:
    found = []
    for path in SRC.rglob("*.py"):
        package = path.relative_to(SRC).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("awas."):
                owner = node.module.split(".")[1]  # type: ignore[union-attr]
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
                if owner != package and private:
                    found.append(f"{path.relative_to(SRC)}: from {node.module} import {', '.join(private)}")
    assert found == []
