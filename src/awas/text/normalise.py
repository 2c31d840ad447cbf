"""Normalise Indonesian social-media text for models, rules, entity linking and near-duplicate search.

`normalise(text)` is the one function every capability uses (detection, coordination shingles,
search). Its output is lowercase words separated by single spaces, with:

- Unicode cleaned (`awas.text.chars`): zero-width and bidi characters removed, look-alike letters
  folded to ASCII, accents dropped, literal byte escapes decoded;
- URLs → `URL`, @mentions → `USER` (upper case: the placeholders of the Ibrohim 2019 data);
- hashtags split into words (`#TolakPolitikUang` → `tolak politik uang`);
- emoji → words from `emoji.csv` (💰 → `uang`), unknown emoji dropped;
- slang and typos → standard words (kamus alay, Netifier, our regional list), leetspeak
  (`4mpl0p` → `amplop`), repeated letters (`bangeeet` → `banget`), reduplication (`anak2` →
  `anak anak`), amounts (`50rb` → `50 ribu`);
- punctuation dropped; scripts other than Latin (Arabic, Javanese...) kept as lowercase words.

It never raises on any `str` and runs in time linear in the text. `normalise_aligned` gives the
same text plus, for every output word, the span of the original text it came from (for evidence).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from awas.text.chars import clean, clean_with_offsets
from awas.text.lexicon import lexicon
from awas.text.words import split_hashtag, standard_word

USER = "USER"
URL = "URL"

# The emoji a token may be (regional-indicator flag pairs, then single pictographs): public, because
# column-wise re-implementations of TOKEN_PATTERN (awas.coord.fastnorm) must match the same emoji.
EMOJI_PATTERN = (
    "[\U0001f1e6-\U0001f1ff]{2}|[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u3030\u303d]"
)
TOKEN_PATTERN = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:bit\.ly|t\.co|s\.id|wa\.me|t\.me|youtu\.be|linktr\.ee)/\S+"
    r"|(?<![\w@])@\w+"
    r"|#\w+"
    r"|[$]?[^\W_](?:[^\W_]|[@$](?=[^\W_]))*"
    r"|" + EMOJI_PATTERN
)
_CACHE_LIMIT = 200_000
_cache: dict[str, str] = {}


def normalise(text: str) -> str:
    """The normalised form of `text` (see the module docstring); '' for text with no words."""
    get = _cache.get
    out: list[str] = []
    for token in TOKEN_PATTERN.findall(clean(text)):
        value = get(token)
        if value is None:
            value = _remember(token)
        if value:
            out.append(value)
    return " ".join(out)


def tokens(text: str) -> list[str]:
    """The words of `normalise(text)`."""
    return normalise(text).split()


@dataclass(frozen=True, slots=True)
class AlignedText:
    """`text` == normalise(original); `pieces` maps output ranges to original ranges.

    Each piece is (start, end, original_start, original_end): the output characters start:end
    (one or more words) came from original[original_start:original_end].
    """

    original: str
    text: str
    pieces: tuple[tuple[int, int, int, int], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The original span covering output characters start:end; None when nothing overlaps."""
        first = bisect.bisect_right(self.pieces, start, key=_piece_end)
        last = bisect.bisect_left(self.pieces, end, key=_piece_start) - 1
        if first >= len(self.pieces) or last < first:
            return None
        return self.pieces[first][2], self.pieces[last][3]


def _piece_start(piece: tuple[int, int, int, int]) -> int:
    return piece[0]


def _piece_end(piece: tuple[int, int, int, int]) -> int:
    return piece[1]


def normalise_aligned(text: str) -> AlignedText:
    """Like `normalise`, and also where each output word came from (slower: for evidence, not bulk)."""
    cleaned, offsets = clean_with_offsets(text)
    pieces: list[tuple[int, int, int, int]] = []
    words: list[str] = []
    position = 0
    for match in TOKEN_PATTERN.finditer(cleaned):
        value = _cache.get(match.group()) or _remember(match.group())
        if not value:
            continue
        original = (offsets[match.start()], offsets[match.end() - 1] + 1)
        pieces.append((position, position + len(value), *original))
        words.append(value)
        position += len(value) + 1
    return AlignedText(text, " ".join(words), tuple(pieces))


def _remember(token: str) -> str:
    value = transform_token(token)
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()  # bounded memory on hostile input; the cache refills with what recurs
    _cache[token] = value
    return value


def transform_token(token: str) -> str:
    """The normalised form of one raw token found by TOKEN_PATTERN."""
    first = token[0]
    if first == "#":
        return " ".join(filter(None, (standard_word(part) for part in split_hashtag(token[1:]))))
    if first == "@" and len(token) > 1:
        return USER
    if token in (USER, URL):
        return token
    if "/" in token or token.startswith(("http", "www.")):
        return URL if "." in token or "://" in token else standard_word(token.lower())
    if not (first.isalnum() or first == "$"):
        return lexicon().emoji.get(token, "")
    return standard_word(token.lower())
