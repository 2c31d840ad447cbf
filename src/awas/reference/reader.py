"""Strict CSV reading: UTF-8 only, named columns, every problem reported with file, line and field."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awas.errors import InputProblem
from awas.reference.specs import FileSpec

MAX_FILE_BYTES = 64 * 1024 * 1024  # a reference file is a few MB at most; more is a mistake


@dataclass
class ParsedFile:
    """Rows as dicts of parsed values, each with the line it started on; problems found on the way."""

    path: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)

    def problem(self, reason: str, line: int | None = None, column: str | None = None) -> None:
        self.problems.append(InputProblem(file=str(self.path), line=line, field=column, reason=reason))


def decode_utf8(path: Path, data: bytes) -> tuple[str | None, InputProblem | None]:
    """Text of a UTF-8 file (BOM dropped), or a problem naming the line of the first bad byte."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        )
        return None, InputProblem(file=str(path), line=line, reason=reason)


def read_csv(path: Path, spec: FileSpec) -> ParsedFile:
    parsed = ParsedFile(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        parsed.problem(f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        return parsed
    text, problem = decode_utf8(path, path.read_bytes())
    if problem is not None or text is None:
        parsed.problems.append(problem or InputProblem(str(path), "unreadable"))
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if _check_header(parsed, header, spec):
            _read_rows(parsed, reader, header or [], spec)
    except csv.Error as exc:
        parsed.problem(f"malformed CSV: {exc}", line=reader.line_num)
    return parsed


def _check_header(parsed: ParsedFile, header: list[str] | None, spec: FileSpec) -> bool:
    if not header:
        parsed.problem("file is empty: expected a header line", line=1)
        return False
    names = [h.strip() for h in header]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    for name in duplicated:
        parsed.problem("column appears more than once in the header", line=1, column=name)
    for name in spec.columns:
        if name not in names:
            parsed.problem("required column is missing from the header", line=1, column=name)
    return not parsed.problems


def _read_rows(parsed: ParsedFile, reader: Any, header: list[str], spec: FileSpec) -> None:
    names = [h.strip() for h in header]
    seen: dict[tuple[Any, ...], int] = {}
    start = reader.line_num + 1
    for cells in reader:
        line = start
        start = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            parsed.problem(f"expected {len(names)} fields, found {len(cells)}", line=line)
            continue
        row = _parse_row(parsed, dict(zip(names, cells, strict=True)), spec, line)
        if row is not None and _unique(parsed, seen, row, spec, line):
            parsed.rows.append(row)
            parsed.lines.append(line)


def _parse_row(parsed: ParsedFile, cells: dict[str, str], spec: FileSpec, line: int) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    ok = True
    for name, parse in spec.columns.items():
        try:
            row[name] = parse(cells[name])
        except ValueError as exc:
            parsed.problem(str(exc), line=line, column=name)
            ok = False
    return row if ok else None


def _unique(
    parsed: ParsedFile, seen: dict[tuple[Any, ...], int], row: dict[str, Any], spec: FileSpec, line: int
) -> bool:
    key = tuple(row[k] for k in spec.key)
    if key in seen:
        shown = "/".join(str(k) for k in key)
        parsed.problem(
            f"duplicate {'/'.join(spec.key)} {shown!r} (first on line {seen[key]})",
            line=line,
            column=spec.key[-1],
        )
        return False
    seen[key] = line
    return True
