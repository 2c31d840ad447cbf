"""H01 OCR repair hints (specs/recap-rules.md §4): suggestions only, never a change to the data.

For each TPS failing C01 or C08, look for one misread count whose correction makes every
arithmetic rule (C01–C09, and the range check C11) hold. Counts that can repair C01/C08 are the
paslon counts, suara_sah and DPT. When C01 can be evaluated its equation gives the one value a
paslon count or suara_sah would need; otherwise (and for DPT) every one-slip variant is tried.
The candidate rows are checked with the same rule expressions as the audit, in one frame.
This is the one place with a Python loop over rows, and only over the few flagged rows.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from awas.recap import misread
from awas.recap.fields import paslon_columns
from awas.recap.findings_frame import SCHEMA, collect
from awas.recap.rules_tps import VALL, VSUM, prepare, rule_masks

ARITHMETIC = ("C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C11")
REPAIRABLE = ("C01", "C08")
ROW = "_row"


def repair_hints(prepared: pl.LazyFrame, expected: dict[str, int] | None = None) -> pl.DataFrame:
    """H01 findings (one per TPS with at least one candidate correction)."""
    paslon = paslon_columns(prepared.collect_schema().names())
    masked = rule_masks(prepared, paslon, ARITHMETIC)
    flagged = collect(masked.filter(pl.col("C01") | pl.col("C08")).with_row_index(ROW))
    if flagged.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    candidates = _candidates(flagged, paslon)
    if not candidates:
        return pl.DataFrame(schema=SCHEMA)
    valid = _valid(
        flagged,
        pl.DataFrame(candidates, orient="row", schema=_CAND_SCHEMA, infer_schema_length=None),
        paslon,
        expected,
    )
    return _findings(flagged, valid)


_CAND_SCHEMA = {
    ROW: pl.UInt32,
    "_field": pl.String,
    "_read": pl.Int64,
    "_new": pl.Int64,
    "_rank": pl.Int32,
    "_why": pl.String,
}


def _candidates(flagged: pl.DataFrame, paslon: list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    columns = [
        ROW,
        *paslon,
        "suara_sah",
        "pemilih_dpt_j",
        "pemilih_dpt_l",
        "pemilih_dpt_p",
        VSUM,
        VALL,
        "C08",
    ]
    for row in flagged.select(columns).iter_rows(named=True):
        for field in (*paslon, "suara_sah", "pemilih_dpt_j"):
            read = row[field]
            if read is None:
                continue
            for true in _targets(row, field, paslon):
                why = misread.explain(read, true) if true >= 0 and true != read else None
                if why is not None:
                    out.append((row[ROW], field, read, true, why[0], why[1]))
    return out


def _targets(row: dict[str, Any], field: str, paslon: list[str]) -> list[int]:
    """Values `field` could truly have: fixed by an equation where one applies, else every one-slip
    variant. DPT can only repair C08 (and must then equal L + P when those are known)."""
    sah, vsum = row["suara_sah"], row[VSUM]
    if field == "pemilih_dpt_j":
        if not row["C08"]:
            return []
        known = row["pemilih_dpt_l"] is not None and row["pemilih_dpt_p"] is not None
        return [row["pemilih_dpt_l"] + row["pemilih_dpt_p"]] if known else misread.true_values(row[field])
    if row[VALL] and sah is not None:
        return [sah - (vsum - row[field])] if field in paslon else [vsum]
    return misread.true_values(row[field]) if row["C08"] else []


def _valid(
    flagged: pl.DataFrame, candidates: pl.DataFrame, paslon: list[str], expected: dict[str, int] | None
) -> pl.DataFrame:
    base = flagged.drop(VSUM, VALL, *ARITHMETIC, "images", "nama_kab", "nama_kec", "nama_desa", strict=False)
    fields = [*paslon, "suara_sah", "pemilih_dpt_j"]
    fixed = candidates.join(base, on=ROW, how="left").with_columns(
        *(
            pl.when(pl.col("_field") == f).then(pl.col("_new")).otherwise(pl.col(f)).cast(pl.Int32).alias(f)
            for f in fields
        )
    )
    checked = rule_masks(prepare(fixed, expected), paslon, ARITHMETIC)
    clean = ~pl.any_horizontal([pl.col(r) for r in ARITHMETIC])
    return collect(checked.filter(clean).select(ROW, "_field", "_read", "_new", "_rank", "_why"))


def _findings(flagged: pl.DataFrame, valid: pl.DataFrame) -> pl.DataFrame:
    by_row: dict[int, list[tuple[Any, ...]]] = {}
    for row in valid.sort(ROW, "_rank", "_field").iter_rows():
        by_row.setdefault(row[0], []).append(row[1:])
    info = flagged.filter(pl.col(ROW).is_in(list(by_row))).select(ROW, "kode_tps", "images", *REPAIRABLE)
    rows = []
    for row_id, code, images, *fired in info.sort(ROW).iter_rows():
        repairs = [rule for rule, hit in zip(REPAIRABLE, fired, strict=True) if hit]
        cands = [
            {"field": f, "read": r, "suggested": n, "change": w, "repairs": repairs}
            for f, r, n, _rank, w in by_row[row_id]
        ]
        values = {"candidates": cands, "unique": len(cands) == 1, "photos": (images or "").split()}
        rows.append(("H01", code, "tps", None, json.dumps(values, ensure_ascii=False), _message(cands)))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _message(cands: list[dict[str, Any]]) -> str:
    first = cands[0]
    text = (
        f"Kemungkinan salah baca: {first['field']} terbaca {first['read']}, mungkin {first['suggested']} "
        f"({first['change']}); cocokkan dengan foto C.Hasil sebelum dipakai"
    )
    return text if len(cands) == 1 else f"{text} (+{len(cands) - 1} kemungkinan lain)"
