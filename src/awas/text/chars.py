"""Character cleanup: one mapping per code point, so the fast path and the aligned path agree.

Every code point maps to a string (possibly empty):
- format characters (zero-width space/joiner, bidi marks and isolates, BOM, soft hyphen) vanish, so
  "am\u200bplop" becomes "amplop";
- control and separator characters become a space;
- everything else is compatibility-decomposed (NFKD) with combining marks dropped, so fullwidth and
  "mathematical bold" letters used to dodge filters (𝐚𝐦𝐩𝐥𝐨𝐩) read as plain ASCII and "é" as "e".

Case is kept (hashtags are split on case); lowercasing happens per token.
"""

from __future__ import annotations

import re
import unicodedata

_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cs", "Co", "Cn"})
_SPACE_CATEGORIES = frozenset({"Cc", "Zs", "Zl", "Zp"})
_ESCAPES = re.compile(r"(?:\\x[0-9a-fA-F]{2})+|\\[nrt]")


def _clean_code_point(code: int) -> str:
    char = chr(code)
    category = unicodedata.category(char)
    if category in _SPACE_CATEGORIES:
        return " "
    if category in _DROP_CATEGORIES:
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    if len(decomposed) == 1:
        return decomposed
    return "".join(c for c in decomposed if unicodedata.category(c) not in _DROP_CATEGORIES)


class _CleanTable(dict[int, str]):
    """`str.translate` table computed lazily per code point and cached (bounded by Unicode's size)."""

    def __missing__(self, code: int) -> str:
        value = _clean_code_point(code)
        self[code] = value
        return value


CLEAN_TABLE = _CleanTable()
for _code in range(128):
    CLEAN_TABLE[_code] = " " if _code < 32 or _code == 127 else chr(_code)


def decode_escapes(text: str) -> str:
    r"""Turn literal byte escapes ("\xf0\x9f\x98\x82") into characters and "\n" into a space.

    Some exported datasets (Ibrohim 2019 among them) carry emoji as escaped UTF-8 bytes; undecodable
    bytes are dropped.
    """
    if "\\" not in text:
        return text
    return _ESCAPES.sub(_decode_match, text)


def _decode_match(match: re.Match[str]) -> str:
    raw = match.group(0)
    if raw[1] != "x":
        return " "
    data = bytes(int(raw[i + 2 : i + 4], 16) for i in range(0, len(raw), 4))
    return " " + data.decode("utf-8", errors="ignore") + " "


def clean(text: str) -> str:
    """The cleaned text (no offsets); ASCII text only has its control characters turned into spaces."""
    text = decode_escapes(text)
    if text.isascii():
        return text if text.isprintable() else text.translate(CLEAN_TABLE)
    return text.translate(CLEAN_TABLE)


def clean_with_offsets(text: str) -> tuple[str, list[int]]:
    """The cleaned text and, for each of its characters, the index of the original character.

    Literal escapes are decoded first (their characters point at the start of the escape), so the
    cleaned string is exactly `clean(text)`.
    """
    decoded, base = _decode_with_offsets(text)
    if decoded.isascii():  # ASCII maps one character to one character: offsets unchanged
        return decoded.translate(CLEAN_TABLE), base
    pieces = [CLEAN_TABLE[ord(char)] for char in decoded]
    offsets = [base[index] for index, piece in enumerate(pieces) for _ in piece]
    return "".join(pieces), offsets


def _decode_with_offsets(text: str) -> tuple[str, list[int]]:
    if "\\" not in text:
        return text, list(range(len(text)))
    pieces: list[str] = []
    offsets: list[int] = []
    last = 0
    for match in _ESCAPES.finditer(text):
        pieces.append(text[last : match.start()])
        offsets.extend(range(last, match.start()))
        replacement = _decode_match(match)
        pieces.append(replacement)
        offsets.extend([match.start()] * len(replacement))
        last = match.end()
    pieces.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(pieces), offsets
