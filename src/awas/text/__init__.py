"""Shared text handling for Indonesian social-media content (normaliser, tokens).

Stable API (import from `awas.text`):

- `normalise(text) -> str`, `tokens(text) -> list[str]`, `normalise_aligned(text) -> AlignedText`
  (output words mapped back to original spans);
- for column-wise re-implementations of the normaliser (e.g. `awas.coord.fastnorm`, which must give
  the same output as `normalise`): `clean(text) -> str` (the Unicode clean-up `normalise` starts
  with), `TOKEN_PATTERN` (the compiled token regex), `EMOJI_PATTERN` (its emoji alternative, as
  regex text), and `transform_token(token) -> str` (the normalised form of one token found by
  `TOKEN_PATTERN`; '' for a token that yields no word).
"""

from awas.text.chars import clean
from awas.text.normalise import (
    EMOJI_PATTERN,
    TOKEN_PATTERN,
    AlignedText,
    normalise,
    normalise_aligned,
    tokens,
    transform_token,
)

__all__ = [
    "EMOJI_PATTERN",
    "TOKEN_PATTERN",
    "AlignedText",
    "clean",
    "normalise",
    "normalise_aligned",
    "tokens",
    "transform_token",
]
