"""Per-batch signals: everything computed for a batch of posts before findings are assembled.

Vectorised parts (text model, hoax similarity) run once for the batch; the per-post part (rules,
entity linking, calendar) is a short Python loop whose fast path (no rule word, no paslon, no
digits) costs a few set operations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from awas.detect.context import DetectionContext
from awas.detect.entities import EntityMention
from awas.detect.features import Occurrences, char_occurrences, word_occurrences
from awas.detect.hoax import HoaxMatch
from awas.detect.lexicon_rules import Pattern, RuleHit, campaign_patterns, paid_patterns
from awas.detect.rule_matcher import has_any
from awas.detect.schedule_rules import CampaignSignal, ScheduleHit, lookup_account, paid_flag, schedule_hits
from awas.detect.vectorise import count_parts, inverse_norms
from awas.domain.accounts import CampaignAccount
from awas.domain.posts import Post
from awas.text import normalise

_LATIN_WORD = re.compile(r"(?<!\S)[a-z]+(?!\S)")
# Controls other than tab/newline/CR, replacement, private use, lone surrogates: a quick pre-check.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")
_BINARY = frozenset({"Cc", "Co", "Cs", "Cn"})
MAX_TEXT_CHARS = 20_000  # longer posts are judged on their first 20,000 characters (noted on the finding)
F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class BatchSignals:
    texts: list[str]
    normalised: list[str]
    probabilities: F32  # posts × model heads (calibrated)
    category_scores: dict[str, F32]  # model category → threshold-scaled score per post (0.5 = threshold)
    word_occurrences: Occurrences
    word_bounds: npt.NDArray[
        np.int64
    ]  # post i's word unigrams are occurrences word_bounds[i]:word_bounds[i+1]
    word_inverse_norm: F32
    hoax: list[HoaxMatch | None]
    per_post: list[PostSignals]


@dataclass(frozen=True, slots=True)
class PostSignals:
    rule_hits: list[RuleHit]
    mentions: list[EntityMention]
    schedule_hits: list[ScheduleHit]
    campaign: CampaignSignal | None
    truncated: bool


def compute_signals(posts: Sequence[Post], context: DetectionContext) -> BatchSignals:
    texts = [p.text[:MAX_TEXT_CHARS] for p in posts]
    normalised = [normalise(t) for t in texts]
    model = context.model
    word_bits, char_bits = model.bits
    words = word_occurrences(normalised, word_bits)
    counts = {"word": count_parts(words), "char": count_parts(char_occurrences(texts, char_bits))}
    raw = model.decision(counts)
    probabilities = np.column_stack([h.platt(raw[:, i]) for i, h in enumerate(model.heads)]).astype(
        np.float32
    )
    hoax: list[HoaxMatch | None] = [None] * len(posts)
    if context.hoax_index.items:
        hoax = context.hoax_index.match(counts)
    per_post = [_post_signals(p, n, context) for p, n in zip(posts, normalised, strict=True)]
    inverse = inverse_norms(counts["word"], model.idf["word"])
    applies = [model_applies(t, n) for t, n in zip(texts, normalised, strict=True)]
    probabilities[~np.array(applies, dtype=bool)] = 0.0
    scores = model.category_scores(probabilities)
    bounds = np.searchsorted(words.docs[: words.unigrams], np.arange(len(posts) + 1)).astype(np.int64)
    return BatchSignals(texts, normalised, probabilities, scores, words, bounds, inverse, hoax, per_post)


def looks_binary(text: str) -> bool:
    """More than 5% control, private-use, unassigned or replacement characters: not human text.

    Zero-width and bidi characters (format characters) do not count: they are an evasion trick, and
    the normaliser removes them.
    """
    sample = text[:4000]
    if _SUSPECT.search(sample) is None:
        return False
    bad = sum(
        1 for c in sample if c == "\ufffd" or (unicodedata.category(c) in _BINARY and c not in "\t\n\r")
    )
    return bad > 0.05 * len(sample)


def model_applies(text: str, normalised: str) -> bool:
    """The text model judges Latin-script text only: at least one ASCII word and half of all words.

    Empty posts, URL-only posts, binary junk and posts in Arabic or Javanese script get no model
    score (the model never saw such text; its hashed n-grams would only collide with Indonesian ones).
    """
    if looks_binary(text):
        return False
    latin = len(_LATIN_WORD.findall(normalised))
    return latin >= 1 and 2 * latin >= normalised.count(" ") + 1


def _post_signals(post: Post, normalised: str, context: DetectionContext) -> PostSignals:
    mentions = context.linker.link(normalised, post.region)
    stages = context.schedule.stages_at(post.created_at)
    words = normalised.split()
    election = bool(mentions) or not context.context_words.isdisjoint(words)
    hits = context.matcher.match(normalised, election_context=election, stages=stages)
    account = lookup_account(context.registry, post)
    campaign: CampaignSignal | None = None
    found: list[ScheduleHit] = []
    if mentions or account is not None:
        campaign = _campaign_signal(post, normalised, mentions, account, context)
        found = schedule_hits(post, campaign, context.schedule, stages)
    return PostSignals(hits, mentions, found, campaign, len(post.text) > MAX_TEXT_CHARS)


def _campaign_signal(
    post: Post,
    normalised: str,
    mentions: list[EntityMention],
    account: CampaignAccount | None,
    context: DetectionContext,
) -> CampaignSignal:
    about_paslon = any(m.kind in ("paslon", "ballot_number") for m in mentions)
    campaign = about_paslon and bool(has_any(normalised, campaign_patterns()))
    paid = paid_flag(post) or (_first_words(normalised, paid_patterns()) if campaign else None)
    identity = normalise(f"{post.author_handle or ''} {post.author_name or ''}")
    term = next((t for t in context.account_terms if f" {t} " in f" {identity} "), None)
    if term is None and identity:
        named = [m for m in context.linker.link(identity, post.region) if m.kind == "paslon"]
        term = named[0].text if named else None
    return CampaignSignal(campaign or (account is not None and about_paslon), account, term, paid)


def _first_words(normalised: str, patterns: Sequence[Pattern]) -> str | None:
    spans = has_any(normalised, patterns)
    if not spans:
        return None
    words = normalised.split()
    start, end = spans[0]
    return " ".join(words[start:end])
