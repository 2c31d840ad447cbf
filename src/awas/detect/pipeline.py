"""`detect_batch`: the one detection function (the CLI, the store worker and the Ray engine all call it).

For a batch of posts it:
1. computes the signals (`signals.compute_signals`): text model, hoax similarity, lexicon rules,
   entity links, calendar and registry rules;
2. decides per post and category: a model head at or above its validation-chosen threshold, rule
   entries whose combined score (noisy-or of their weights) reaches RULE_THRESHOLD, a calendar or
   registry rule, or a fact-check match;
3. builds one Finding per (post, category) with its score (the strongest signal), the evidence that
   explains it (matched spans with offsets into the original text, influential words of the model,
   the rule or fact-check cited), the legal basis and suggested handler from the legal catalogue,
   and the paslon / election the post is about.
Pure: reads nothing but its arguments, writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from awas.detect.context import DETECTOR, DetectionContext
from awas.detect.evidence import PostEvidence, model_evidence
from awas.detect.routing import Place, finding_place, suggested_handler
from awas.detect.signals import BatchSignals, PostSignals, compute_signals
from awas.domain.findings import EvidenceSpan, Finding, SubjectType
from awas.domain.posts import Post

RULE_THRESHOLD = 0.5
MODEL_THRESHOLD = 0.5  # model scores are scaled so that each head's validated threshold is 0.5


def post_subject_id(post: Post) -> str:
    """The findings' subject id of a post: `<platform>:<post_id>`."""
    return f"{post.platform}:{post.post_id}"


def detect_batch(posts: Sequence[Post], context: DetectionContext) -> list[Finding]:
    """Findings for `posts` (none for a post with no finding); never raises on odd text."""
    if not posts:
        return []
    signals = compute_signals(posts, context)
    findings: list[Finding] = []
    for index, post in enumerate(posts):
        findings.extend(_post_findings(index, post, signals, context))
    return findings


@dataclass(frozen=True)
class _Subject:
    """One post being turned into findings: computed once, shared by its findings."""

    post: Post
    index: int
    explain: PostEvidence
    place: Place


def _post_findings(index: int, post: Post, signals: BatchSignals, context: DetectionContext) -> list[Finding]:
    post_signals = signals.per_post[index]
    scores, evidence = _rule_scores(post_signals)
    model_hits = _model_hits(index, signals, context)
    hoax = signals.hoax[index]
    if hoax is not None:
        scores["hoax"] = max(scores.get("hoax", 0.0), hoax.similarity)
    fired = {c for c, s in scores.items() if s >= RULE_THRESHOLD or c == "hoax"} | set(model_hits)
    if not fired:
        return []
    explain = PostEvidence(signals.texts[index], signals.normalised[index])
    subject = _Subject(post, index, explain, finding_place(post, post_signals.mentions, context))
    return [
        _finding(
            subject,
            category,
            max(scores.get(category, 0.0), model_hits.get(category, 0.0)),
            evidence[category],
            signals,
            context,
        )
        for category in sorted(fired)
    ]


def _rule_scores(post_signals: PostSignals) -> tuple[dict[str, float], dict[str, list[object]]]:
    """Noisy-or of the weights of every rule that fired, per category; and what fired."""
    misses: dict[str, float] = defaultdict(lambda: 1.0)
    fired: dict[str, list[object]] = defaultdict(list)
    for hit in post_signals.rule_hits:
        misses[hit.entry.category] *= 1.0 - hit.entry.weight
        fired[hit.entry.category].append(hit)
    for schedule_hit in post_signals.schedule_hits:
        misses[schedule_hit.category] *= 1.0 - schedule_hit.score
        fired[schedule_hit.category].append(schedule_hit)
    return {c: 1.0 - m for c, m in misses.items()}, fired


def _model_hits(index: int, signals: BatchSignals, context: DetectionContext) -> dict[str, float]:
    """Model categories whose score (threshold-scaled: 0.5 = the validated threshold) reaches 0.5."""
    categories = context.model.categories
    return {
        category: float(scores[index])
        for category, scores in signals.category_scores.items()
        if category in categories and scores[index] >= MODEL_THRESHOLD
    }


def _finding(
    subject: _Subject,
    category: str,
    score: float,
    fired: list[object],
    signals: BatchSignals,
    context: DetectionContext,
) -> Finding:
    explain, index, place = subject.explain, subject.index, subject.place
    spans: list[EvidenceSpan] = [explain.for_fired(item) for item in fired]
    if category in signals.category_scores:
        spans.extend(model_evidence(category, index, signals, context, explain))
    hoax = signals.hoax[index]
    if category == "hoax" and hoax is not None:
        spans.append(explain.for_hoax(hoax))
    catalogue = context.categories.get(category)
    handler, also = suggested_handler(category, catalogue, place.election_id, explain.normalised, context)
    return Finding(
        category=category,
        score=round(min(max(score, 0.0), 1.0), 4),
        subject_type=SubjectType.POST,
        subject_id=post_subject_id(subject.post),
        detector=DETECTOR,
        detector_version=context.detector_version,
        evidence=tuple(spans),
        legal_basis=tuple(s.strip() for s in catalogue.legal_basis) if catalogue else (),
        handler=handler,
        region_code=place.region_code,
        election_id=place.election_id,
        paslon_id=place.paslon_id,
        details=place.details | {"also_notify": also, "truncated": signals.per_post[index].truncated},
    )
