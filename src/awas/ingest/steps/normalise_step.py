"""Unicode normalisation of post text and author names.

NFKC folds the compatibility look-alikes that social posts use to dodge keyword filters
("𝐇𝐚𝐫𝐢𝐬", full-width letters) into plain letters; zero-width characters and stray control
characters are removed and line endings become `\\n`. The verbatim original stays in `raw`.
"""

from __future__ import annotations

import polars as pl

# Zero-width space/joiners, word joiner, BOM, soft hyphen, and C0/C1 controls except tab and newline.
INVISIBLE = (
    r"[\x{200B}-\x{200D}\x{2060}\x{FEFF}\x{00AD}"
    r"\x{0000}-\x{0008}\x{000B}\x{000C}\x{000E}-\x{001F}\x{007F}-\x{009F}]"
)


def normalise_text(column: str) -> pl.Expr:
    return (
        pl.col(column)
        .str.replace_all("\r\n?", "\n")
        .str.normalize("NFKC")
        .str.replace_all(INVISIBLE, "")
        .str.strip_chars()
    )


def normalise_unicode(batch: pl.DataFrame) -> pl.DataFrame:
    """Normalise `text`, `author_name` and `author_handle` (handles also lose a leading '@')."""
    return batch.with_columns(
        normalise_text("text").fill_null(""),
        normalise_text("author_name"),
        normalise_text("author_handle").str.strip_chars_start("@"),
        pl.col("hashtags").list.eval(pl.element().str.normalize("NFKC").str.strip_chars_start("#")),
        pl.col("mentions").list.eval(pl.element().str.normalize("NFKC").str.strip_chars_start("@")),
    )
