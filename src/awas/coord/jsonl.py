"""Read a posts JSONL file (specs/posts-jsonl.md) into the engine's frame, or refuse it whole.

Parsing and validation are the canonical reader every command shares
(`awas.ingest.canonical_file.read_strict`, the code intake imports with), so a line intake would
quarantine is refused here with the same reason. Any bad line (not JSON, not UTF-8, a required field
missing, a time without an offset, a wrong type) raises `InputError` naming file, line and field,
and nothing is returned: `awas coord detect --in` exits 2 and prints no clusters computed from half
a file.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from awas.coord.frame import frame_from_post_frame
from awas.ingest.canonical_file import read_strict


def read_posts_jsonl(path: Path) -> pl.DataFrame:
    """The engine frame of every post in `path`; raises InputError (nothing returned) on any bad line."""
    return frame_from_post_frame(read_strict(path))
