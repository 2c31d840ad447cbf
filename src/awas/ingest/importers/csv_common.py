"""Streaming CSV reading for the CSV importers: encoding, delimiter sniffing, exact line numbers."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from awas.errors import InputError, InputProblem
from awas.ingest.importers.common import refuse_unreadable

MAX_FIELD_CHARS = 10 * 1024 * 1024


def csv_rows(
    path: Path, encoding: str = "utf-8-sig", delimiter: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number where the row starts, row by header) for every data row.

    Raises InputError for a binary file, a file without a header row, or text that is not in
    `encoding`; a row with more cells than the header is yielded with a `None` key (callers reject it).
    """
    refuse_unreadable(path)
    csv.field_size_limit(min(sys.maxsize, MAX_FIELD_CHARS))
    with path.open(encoding=encoding, newline="") as fh:
        try:
            sample = fh.read(64 * 1024)
            fh.seek(0)
            dialect_delimiter = delimiter or _sniff(sample)
            reader = csv.DictReader(fh, delimiter=dialect_delimiter)
            if not reader.fieldnames:
                raise InputError(InputProblem(str(path), "CSV tanpa baris judul kolom", 1))
            line = 2
            for row in reader:
                yield line, row
                line = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise InputError(
                InputProblem(str(path), f"bukan teks {encoding} (byte {exc.start}); coba --encoding")
            ) from None
        except csv.Error as exc:
            raise InputError(InputProblem(str(path), f"CSV rusak: {exc}")) from None


def _sniff(sample: str) -> str:
    header = sample.split("\n", 1)[0]
    return max((",", ";", "\t", "|"), key=header.count)
