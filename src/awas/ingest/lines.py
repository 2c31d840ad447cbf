"""Streaming line reader with hard limits: memory stays flat whatever the file holds.

A line longer than `max_line_bytes` is skipped in blocks (never held whole) and reported; a file
that looks binary (NUL bytes in its first block) or is UTF-16/32 is refused as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_LINE_BYTES = 16 * 1024 * 1024
SKIP_BLOCK = 1024 * 1024


def sniff_encoding_problem(path: Path) -> str | None:
    """A reason to refuse the whole file (binary, UTF-16/32), or None when it may be UTF-8 text."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "berkas berkodekan UTF-16/UTF-32, harus UTF-8"
    if b"\x00" in head:
        return "berkas biner, bukan teks UTF-8"
    return None


def _skip_rest(fh: BinaryIO) -> int:
    skipped = 0
    while True:
        block = fh.readline(SKIP_BLOCK)
        skipped += len(block)
        if not block or block.endswith(b"\n"):
            return skipped


@dataclass(frozen=True, slots=True)
class Block:
    """Complete lines read in one go: `data` holds them (newline-separated), numbered from `first_line`."""

    first_line: int
    data: bytes
    end_line: int  # number of the last line in the block
    end_offset: int  # byte offset just after the block
    start_offset: int  # byte offset where the block (including skipped oversized lines) began
    too_long: tuple[int, ...] = ()  # numbers of lines skipped for size (not in `data`)


def read_blocks(
    fh: BinaryIO,
    start_line: int = 0,
    block_bytes: int = 4 * 1024 * 1024,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Block]:
    """Blocks of whole lines from the current position; memory stays under block + max line size.

    Block boundaries depend only on where reading starts, so a run resumed at a block's start
    offset cuts the same blocks as the run it resumes.
    """
    buf, number, offset = b"", start_line, fh.tell()
    begin = offset
    too_long: list[int] = []
    while True:
        data = fh.read(block_bytes)
        if not data:
            if buf or too_long:
                lines = 1 if buf else 0
                yield Block(number + 1, buf, number + lines, offset + len(buf), begin, tuple(too_long))
            return
        buf += data
        cut = buf.rfind(b"\n")
        if cut == -1:
            if len(buf) > max_line_bytes:
                offset += len(buf) + _skip_rest(fh)
                number += 1
                too_long.append(number)
                buf = b""
            continue
        complete, buf = buf[: cut + 1], buf[cut + 1 :]
        first_end = complete.find(b"\n")
        if first_end > max_line_bytes:  # only a block's first line can have grown past the limit
            number, offset = number + 1, offset + first_end + 1
            too_long.append(number)
            complete = complete[first_end + 1 :]
            if not complete:
                continue
        count = complete.count(b"\n")
        yield Block(number + 1, complete[:-1], number + count, offset + len(complete), begin, tuple(too_long))
        number, offset = number + count, offset + len(complete)
        begin, too_long = offset, []
