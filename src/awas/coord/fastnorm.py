"""The shared normaliser applied column-wise: same output as `awas.text.normalise`, per distinct token.

`normalise(text)` runs a Python loop per text; over a million posts that loop is most of the
coordination run. Here the text is tokenised by Polars with the normaliser's token pattern
(rewritten without look-around, which Polars' regex engine lacks, matching the same tokens), each
distinct token goes once through the normaliser's own `transform_token`, and the words are joined
back per text. Texts with characters outside printable ASCII or with backslashes first go through
the normaliser's `clean` (zero-width characters, look-alike letters, literal escapes).
`tests/coord/test_fastnorm.py` checks equality with `normalise` on the NusaX sentences, hostile
strings and generated ones. One known difference: an '@' glued to the end of a hashtag or mention
("#pilkada@budi") starts a mention here (USER) where the normaliser reads a plain word; without
look-behind the pattern cannot tell it from the '@' inside a word like "s@ya".
"""

from __future__ import annotations

import polars as pl

from awas.text import EMOJI_PATTERN, clean, transform_token


def _rust_class(pattern: str) -> str:
    """Python regex text with literal non-ASCII characters → Rust-regex escapes (\\x{...})."""
    return "".join(c if ord(c) < 128 else f"\\x{{{ord(c):X}}}" for c in pattern)


# Python's `\w` is letters, numbers and '_' (Rust's adds combining marks), spelled out here.
_WORD = r"[\p{L}\p{N}]"
TOKEN_PATTERN = (
    r"(?:https?://|www\.)\S+"
    r"|\b(?:bit\.ly|t\.co|s\.id|wa\.me|t\.me|youtu\.be|linktr\.ee)/\S+"
    r"|@[\p{L}\p{N}_]+"  # a '@' after a word character is already inside the word match to its left
    r"|#[\p{L}\p{N}_]+"
    rf"|[$]?{_WORD}(?:{_WORD}|[@$]{_WORD})*"  # '[@$](?=x)' then 'x' consumes the same characters
    r"|" + _rust_class(EMOJI_PATTERN)
)
_NEEDS_CLEAN = r"[^\x20-\x7E]|\\"


def normalise_column(texts: pl.Series) -> pl.Series:
    """`normalise` of every text of `texts` (String), in order, as a String series."""
    frame = pl.DataFrame({"text": texts.fill_null("")}).with_row_index("row")
    dirty = frame.filter(pl.col("text").str.contains(_NEEDS_CLEAN))
    if dirty.height:
        cleaned = pl.Series("text", [clean(t) for t in dirty["text"].to_list()], dtype=pl.String)
        frame = frame.update(dirty.with_columns(cleaned), on="row")
    # The normaliser's mention needs no word character or '@' before the '@'; inside a word an '@'
    # must be followed by a letter or digit. Every other '@' after '@', '_' or a word character is
    # no token there, so it becomes a space here.
    text = (
        pl.col("text")
        .str.replace_all(r"@@+", "@ ")
        .str.replace_all(r"_@+", "_ ")
        .str.replace_all(r"([\p{L}\p{N}])@([^\p{L}\p{N}]|$)", "$1 $2")
    )
    tokens = frame.select("row", text.str.extract_all(TOKEN_PATTERN).alias("token")).explode("token")
    tokens = tokens.filter(pl.col("token").is_not_null())
    vocab = tokens.select(pl.col("token").unique())
    vocab = vocab.with_columns(
        pl.Series("word", [transform_token(t) for t in vocab["token"].to_list()], dtype=pl.String)
    ).filter(pl.col("word") != "")
    words = tokens.join(vocab, on="token", how="inner", maintain_order="left")
    joined = words.group_by("row", maintain_order=True).agg(pl.col("word").str.join(" "))
    out = frame.select("row").join(joined, on="row", how="left", maintain_order="left")
    return out["word"].fill_null("").alias("norm")
