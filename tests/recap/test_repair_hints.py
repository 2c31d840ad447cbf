"""H01: proposes the right correction for injected single-digit misreads, never changes data."""

from __future__ import annotations

import json
import random

import polars as pl

from awas.recap import misread
from awas.recap.findings_frame import concat
from awas.recap.paslon_map import directory_from_reference
from awas.recap.repair import repair_hints
from awas.recap.rules_tps import prepare, tps_findings
from awas.recap.sources import parse_inputs
from tests.recap.conftest import TPS_SAMPLE


def test_misread_explanations() -> None:
    assert misread.explain(103, 108) == (misread.RANK_KPU, "angka 8 terbaca 3")
    assert misread.explain(948, 48)[1] == "ada satu angka tambahan"  # type: ignore[index]
    assert misread.explain(58, 581)[1] == "satu angka hilang"  # type: ignore[index]
    assert misread.explain(123, 129) is None  # 3↔9 is not a known confusion
    assert 108 in misread.true_values(103) and 48 in misread.true_values(948)


def injected_rate(seed: int = 7, trials: int = 300) -> tuple[float, float, int]:
    """(share with the true value among the candidates, share where it ranks first, trials run)."""
    frame = parse_inputs([TPS_SAMPLE], directory_from_reference(None), None)[0].frame
    clean_units = set(frame.get_column("kode_tps")) - set(
        concat(tps_findings(prepare(frame))).get_column("unit")
    )
    present = pl.all_horizontal(
        pl.col(c).is_not_null() for c in ("paslon_01", "paslon_02", "paslon_03", "suara_sah")
    )
    clean = frame.filter(pl.col("kode_tps").is_in(sorted(clean_units)) & present)
    rng = random.Random(seed)
    hits = firsts = done = 0
    for _ in range(trials):
        row = clean.row(rng.randrange(clean.height), named=True)
        field = rng.choice(["paslon_01", "paslon_02", "paslon_03", "suara_sah"])
        wrong = _misread(rng, row[field])
        broken = frame.filter(pl.col("kode_tps") == row["kode_tps"]).with_columns(
            pl.lit(wrong, pl.Int32).alias(field)
        )
        before = broken.clone()
        hints = repair_hints(prepare(broken))
        assert broken.equals(before)  # suggestions only
        done += 1
        if hints.height:
            cands = json.loads(hints.item(0, "values"))["candidates"]
            hits += any(c["field"] == field and c["suggested"] == row[field] for c in cands)
            firsts += cands[0]["field"] == field and cands[0]["suggested"] == row[field]
    return hits / done, firsts / done, done


def _misread(rng: random.Random, true: int) -> int:
    """A random one-slip misreading of `true`: a confusion-pair substitution, an extra or a dropped digit."""
    text = str(true)
    subs = [
        int(text[:i] + alt + text[i + 1 :]) for i, d in enumerate(text) for alt in misread.ALTERNATIVES[d]
    ]
    extra = [int(text[:i] + d + text[i:]) for i in range(len(text) + 1) for d in "123456789"]
    dropped = [int(text[:i] + text[i + 1 :]) for i in range(len(text))] if len(text) > 1 else []
    kind = rng.choice([k for k in (subs, extra, dropped) if k])
    return rng.choice([o for o in kind if o != true] or [true + 10])


def test_h01_finds_most_injected_misreads() -> None:
    contained, first, done = injected_rate()
    assert done >= 250
    assert contained >= 0.9 and first >= 0.6, (contained, first)


def test_h01_on_the_real_sample_suggests_without_touching_data() -> None:
    frame = parse_inputs([TPS_SAMPLE], directory_from_reference(None), None)[0].frame
    copy = frame.clone()
    hints = repair_hints(prepare(frame))
    assert frame.equals(copy) and hints.height > 0
    first = json.loads(hints.filter(pl.col("unit") == "1501152002004").item(0, "values"))
    assert first["candidates"][0] | {"repairs": []} == {
        "field": "paslon_02", "read": 146, "suggested": 145, "change": "angka 5 terbaca 6", "repairs": []
    }  # fmt: skip
    assert first["photos"] and first["photos"][0].startswith("https://sirekap-obj-formc.kpu.go.id/")
