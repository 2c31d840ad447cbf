"""Shared text handling for Indonesian social-media content (normaliser, tokens).

Stable API: `awas.text.normalise.normalise(text) -> str`, `tokens(text) -> list[str]`,
`normalise_aligned(text) -> AlignedText` (output words mapped back to original spans).
"""

from awas.text.normalise import AlignedText, normalise, normalise_aligned, tokens

__all__ = ["AlignedText", "normalise", "normalise_aligned", "tokens"]
