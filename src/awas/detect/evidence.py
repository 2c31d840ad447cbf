"""Evidence spans: why a finding was raised, pointing into the post's original text.

Rules and entities match the normalised text; `PostEvidence` maps their word ranges back to the
original characters through `awas.text.normalise_aligned` (computed only for posts with findings).
The model's evidence is the words that pushed its score up most (idf-weighted weight of each word
unigram) plus its calibrated probability against the threshold.
"""

from __future__ import annotations

import heapq
from functools import cached_property
from typing import TYPE_CHECKING

from awas.detect.hoax import HoaxMatch
from awas.detect.lexicon_rules import RuleHit
from awas.detect.schedule_rules import ScheduleHit
from awas.domain.findings import EvidenceSpan
from awas.text import AlignedText, normalise_aligned

if TYPE_CHECKING:
    from awas.detect.context import DetectionContext
    from awas.detect.signals import BatchSignals

TOP_WORDS = 3


def _find_word(haystack: str, word: str) -> int | None:
    """First occurrence of `word` in `haystack` not inside another word, or None."""
    start = haystack.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not haystack[start - 1].isalnum()) and (
            end == len(haystack) or not haystack[end].isalnum()
        ):
            return start
        start = haystack.find(word, start + 1)
    return None


class PostEvidence:
    """Maps normalised word ranges of one post back to its original text."""

    def __init__(self, text: str, normalised: str) -> None:
        self.text = text
        self.normalised = normalised
        self.words = normalised.split()

    @cached_property
    def _lower(self) -> str:
        return self.text.lower()

    @cached_property
    def aligned(self) -> AlignedText:
        return normalise_aligned(self.text)

    @cached_property
    def _starts(self) -> list[int]:
        starts, position = [], 0
        for word in self.words:
            starts.append(position)
            position += len(word) + 1
        return starts

    def original(self, first_word: int, end_word: int) -> tuple[str, int | None, int | None]:
        """(original text, start, end) for words first_word:end_word of the normalised text."""
        if not self.words or first_word >= len(self.words):
            return "", None, None
        end_word = min(max(end_word, first_word + 1), len(self.words))
        start = self._starts[first_word]
        end = self._starts[end_word - 1] + len(self.words[end_word - 1])
        span = self.aligned.original_span(start, end)
        if span is None:
            return self.normalised[start:end], None, None
        return self.text[span[0] : span[1]], span[0], span[1]

    def locate_word(self, position: int) -> tuple[str, int | None, int | None]:
        """Where normalised word `position` is in the original, found cheaply.

        The alignment is used when the post already has it (a rule fired); otherwise an ASCII post is
        searched for the word verbatim; failing both, the normalised word is given without offsets
        (aligning every flagged post just to place model words would halve throughput).
        """
        word = self.words[position]
        if "aligned" in self.__dict__ or not self.text.isascii():
            return self.original(position, position + 1)
        start = _find_word(self._lower, word)
        if start is None:
            return word, None, None
        return self.text[start : start + len(word)], start, start + len(word)

    def for_fired(self, item: object) -> EvidenceSpan:
        if isinstance(item, RuleHit):
            text, start, end = self.original(item.start, item.end)
            entry = item.entry
            detail = f"{entry.id}: {entry.description} [{entry.status}]"
            return EvidenceSpan("rule", text, start, end, entry.weight, detail)
        assert isinstance(item, ScheduleHit)
        return EvidenceSpan("rule", "", None, None, item.score, f"{item.rule_id}: {item.reason}")

    def for_hoax(self, match: HoaxMatch) -> EvidenceSpan:
        fc = match.factcheck
        detail = f"mirip klaim yang sudah dicek ({fc.source}, {fc.verdict}): {fc.url}"
        return EvidenceSpan("feature", fc.title, None, None, round(match.similarity, 4), detail)


def model_evidence(
    category: str, index: int, signals: BatchSignals, context: DetectionContext, explain: PostEvidence
) -> list[EvidenceSpan]:
    """Each head's calibrated probability against its threshold, and the top head's most influential words."""
    model = context.model
    heads = model.heads_of(category)
    spans = []
    for head in heads:
        probability = float(signals.probabilities[index, head])
        threshold = model.heads[head].threshold
        detail = (
            f"probabilitas terkalibrasi {probability:.2f} (ambang {threshold:.2f}, model {model.version})"
        )
        spans.append(
            EvidenceSpan(
                "feature", f"model {model.heads[head].name}", None, None, round(probability, 4), detail
            )
        )
    strongest = max(heads, key=lambda h: float(signals.probabilities[index, h]) / model.heads[h].threshold)
    return [*spans, *_top_words(strongest, index, signals, context, explain)]


def _top_words(
    head: int, index: int, signals: BatchSignals, context: DetectionContext, explain: PostEvidence
) -> list[EvidenceSpan]:
    occ = signals.word_occurrences
    lo, hi = int(signals.word_bounds[index]), int(signals.word_bounds[index + 1])
    if hi <= lo:
        return []
    weights = (
        context.model.weights["word"][occ.buckets[lo:hi], head] * signals.word_inverse_norm[index]
    ).tolist()
    # Plain Python on a few dozen numbers: cheaper than numpy's per-call overhead.
    spans = []
    for position in heapq.nlargest(TOP_WORDS, range(len(weights)), key=weights.__getitem__):
        if weights[position] <= 0:
            break
        text, start, end = explain.locate_word(position)
        detail = f"kata berpengaruh pada model ({explain.words[position]})"
        spans.append(EvidenceSpan("feature", text, start, end, round(weights[position], 4), detail))
    return spans
