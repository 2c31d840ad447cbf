"""Word-level rewriting: slang, amounts, reduplication ("anak2"), leetspeak, repeated letters, hashtags.

Each function takes one lowercased token and returns its standard form (possibly several words, or
the token unchanged). All are pure; `awas.text.normalise` caches their results per raw token.
"""

from __future__ import annotations

import re

from awas.text.lexicon import lexicon

_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)*)(rb|rbu|ribu|k|jt|jta|juta|m|miliar|milyar)")
_AMOUNT_UNITS = {"rb": "ribu", "rbu": "ribu", "k": "ribu", "jt": "juta", "jta": "juta", "m": "miliar"}
_REDUPLICATION = re.compile(r"([a-z]{3,})2(nya|an|kan|lah|ku|mu)?")
_DIGITS_THEN_WORD = re.compile(r"(\d+)([a-z]{3,})")
_LEET_INSIDE = re.compile(r"[013456789@$](?=.*[a-z])")
_LEET = str.maketrans("4310579681@$", "aeiostggbias")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_RUN2 = re.compile(r"([a-z])\1+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_MAX_SEGMENT_WORD = 16


def standard_word(word: str) -> str:
    """The standard form of one lowercased word token."""
    if word[0].isdigit() and (amount := _AMOUNT.fullmatch(word)):
        number, unit = amount.groups()
        return f"{number} {_AMOUNT_UNITS.get(unit, unit)}"
    hit = lexicon().slang.get(word)
    if hit is not None:
        return hit
    if not word.isalpha() and not word.isdigit():
        rewritten = _rewrite_mixed(word)
        if rewritten is not None:
            return rewritten
    if _RUN3.search(word):
        return _collapse_runs(word)
    return word


def _rewrite_mixed(word: str) -> str | None:
    """Reduplication ("anak2"), digits glued to a word ("3hari"), leetspeak; None if none apply."""
    redup = _REDUPLICATION.fullmatch(word)
    if redup:
        base = standard_word(redup.group(1))
        return f"{base} {base}{redup.group(2) or ''}"
    glued = _DIGITS_THEN_WORD.fullmatch(word)
    if glued and glued.group(2) in lexicon().known_words:
        return f"{glued.group(1)} {glued.group(2)}"
    if _LEET_INSIDE.search(word):
        plain = word.translate(_LEET)
        return standard_word(plain) if plain != word else None
    return None


def _collapse_runs(word: str) -> str:
    """'maaaaf' → 'maaf' (a known word), 'bangeeettt' → 'banget'; else runs become one letter."""
    lex = lexicon()
    double = _RUN3.sub(r"\1\1", word)
    if double in lex.known_words:
        return double
    if double in lex.slang:
        return lex.slang[double]
    single = _RUN2.sub(r"\1", double)
    return lex.slang.get(single, single)


def split_hashtag(body: str) -> list[str]:
    """'TolakPolitikUang' → ['tolak', 'politik', 'uang']; 'tolakpolitikuang' by dictionary segmentation."""
    lower = body.lower()
    if lower in lexicon().slang or lower in lexicon().known_words:
        return [lower]
    if body != lower and body != body.upper():
        return [part.lower() for part in _CAMEL.findall(body)]
    return segment(lower)


def segment(text: str) -> list[str]:
    """Split run-together words with the fewest pieces from the known-word list (unknown letters cost more).

    Dynamic programming over end positions; words longer than 16 letters are not considered.
    """
    known = lexicon().known_words
    n = len(text)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_SEGMENT_WORD), end):
            piece = text[start:end]
            cost = _piece_cost(piece, known)
            total = best[start][0] + cost
            if total < best[end][0]:
                best[end] = (total, start)
    pieces: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]
        pieces.append(text[start:end])
        end = start
    return _merge_unknown(pieces[::-1], known)


def _piece_cost(piece: str, known: frozenset[str]) -> float:
    # Short known words are cheap glue that splits real words ("gubernur" → "sg uber nur"): charge more.
    if piece.isdigit():
        return 1.0
    if piece in known:
        return 1.0 if len(piece) >= 4 else 1.6 if len(piece) == 3 else 2.2
    return 2.5 * len(piece)


def _merge_unknown(pieces: list[str], known: frozenset[str]) -> list[str]:
    merged: list[str] = []
    for piece in pieces:
        if merged and piece not in known and merged[-1] not in known:
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged
