"""Content integrity against a learned baseline.

The first `learn_checks` good fetches form the baseline: the lines present in every one of them are
*stable*, the others *volatile* (rotating ads, counters, news tickers); script and iframe hosts and
the tag histogram are learned too. After that each fetch is compared:

- defacement phrases, the Indonesian defacement pattern and strong gambling keywords are never
  learned: they signal on any fetch, the first one included (strong: raised at once);
- new weak gambling keywords (two or more), scripts or iframes from new hosts, hidden iframes,
  obfuscated inline scripts, and a page whose stable lines are mostly gone with a different
  structure (replaced) signal too, and must persist `confirm_checks` checks (the caller debounces);
- a page that changed without any signal `relearn_after` times in a row is a legitimate redesign:
  the baseline is learned again from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from awas.watch.content import PageFeatures, tag_distance
from awas.watch.domains import split_domain
from awas.watch.records import Severity, Signal

REPLACED_RETAINED = 0.3
REPLACED_STRUCTURE = 0.5
CHANGED_RETAINED = 0.7
TEXT_KEPT = 50_000  # characters of the baseline text kept for diffs


@dataclass
class Baseline:
    samples: int = 0
    ready: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    stable: list[str] = field(default_factory=list)
    script_hosts: list[str] = field(default_factory=list)
    iframe_hosts: list[str] = field(default_factory=list)
    tags: dict[str, float] = field(default_factory=dict)
    gambling: list[str] = field(default_factory=list)
    title: str = ""
    text: str = ""
    drift: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Baseline:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ContentVerdict:
    signals: tuple[Signal, ...]
    retained: float
    learning: bool
    relearned: bool


def evaluate(baseline: Baseline, page: PageFeatures, site: str, learn: int, relearn: int) -> ContentVerdict:
    """Compare `page` with `baseline` (updating it in place: learning, drift, relearning)."""
    if not baseline.ready:
        learn_sample(baseline, page, learn)
        return ContentVerdict(tuple(absolute_signals(page)), 1.0, True, False)
    signals = absolute_signals(page) + relative_signals(baseline, page, site)
    kept = retained(baseline, page)
    if signals or kept >= CHANGED_RETAINED:
        baseline.drift = 0
        return ContentVerdict(tuple(signals), kept, False, False)
    baseline.drift += 1
    if baseline.drift < relearn:
        return ContentVerdict((), kept, False, False)
    fresh = Baseline()
    learn_sample(fresh, page, learn)
    baseline.__dict__.update(fresh.__dict__)
    return ContentVerdict((), kept, True, True)


def learn_sample(baseline: Baseline, page: PageFeatures, learn: int) -> None:
    baseline.samples += 1
    for line in page.lines:
        baseline.counts[line] = baseline.counts.get(line, 0) + 1
    baseline.script_hosts = sorted(set(baseline.script_hosts) | page.script_hosts)
    baseline.iframe_hosts = sorted(set(baseline.iframe_hosts) | page.iframe_hosts)
    baseline.gambling = sorted(set(baseline.gambling) | set(page.markers.get("gambling", [])))
    n = baseline.samples
    for tag in set(baseline.tags) | set(page.tags):
        baseline.tags[tag] = (baseline.tags.get(tag, 0.0) * (n - 1) + page.tags.get(tag, 0)) / n
    baseline.title, baseline.text = page.title, page.text[:TEXT_KEPT]
    if n >= learn:
        baseline.stable = sorted(h for h, c in baseline.counts.items() if c == n)
        baseline.counts = {}
        baseline.ready = True


def retained(baseline: Baseline, page: PageFeatures) -> float:
    """Share of the baseline's stable lines still on the page (1.0 when it has none)."""
    if not baseline.stable:
        return 1.0
    return sum(1 for h in baseline.stable if h in page.lines) / len(baseline.stable)


def absolute_signals(page: PageFeatures) -> list[Signal]:
    """Signals that no baseline can excuse."""
    found = page.markers
    signals = []
    if found.get("defacement"):
        signals.append(_strong("defacement_marker", f"frasa defacement: {', '.join(found['defacement'])}"))
    if len(found.get("indonesian", [])) >= 2:
        parts = ", ".join(found["indonesian"])
        signals.append(_strong("indonesian_defacement", f"pola halaman defacement Indonesia: {parts}"))
    if found.get("gambling_strong"):
        words = ", ".join(found["gambling_strong"])
        signals.append(_strong("gambling_spam", f"spam judi/slot: {words}"))
    return signals


def relative_signals(baseline: Baseline, page: PageFeatures, site: str) -> list[Signal]:
    signals = []
    new_gambling = sorted(set(page.markers.get("gambling", [])) - set(baseline.gambling))
    if len(new_gambling) >= 2 and not page.markers.get("gambling_strong"):
        signals.append(Signal("gambling_spam", Severity.HIGH, f"kata judi baru: {', '.join(new_gambling)}"))
    foreign = _foreign(page.script_hosts - set(baseline.script_hosts), site)
    if foreign:
        signals.append(
            Signal("injected_script", Severity.MEDIUM, f"skrip dari host baru: {', '.join(foreign)}")
        )
    frames = _foreign(page.iframe_hosts - set(baseline.iframe_hosts), site)
    if frames or page.hidden_iframes:
        detail = f"iframe baru: {', '.join(frames) or '-'}; tersembunyi: {page.hidden_iframes}"
        level = Severity.HIGH if page.hidden_iframes else Severity.MEDIUM
        signals.append(Signal("injected_iframe", level, detail))
    if page.obfuscated:
        signals.append(Signal("obfuscated_script", Severity.MEDIUM, f"{page.obfuscated} skrip tersamar"))
    kept, shape = (
        retained(baseline, page),
        tag_distance(baseline.tags, {k: float(v) for k, v in page.tags.items()}),
    )
    if kept < REPLACED_RETAINED and shape > REPLACED_STRUCTURE:
        detail = f"isi diganti: {kept:.0%} baris tetap tersisa, struktur berbeda {shape:.2f}"
        signals.append(Signal("content_replaced", Severity.HIGH, detail, data={"retained": kept}))
    return signals


def _strong(kind: str, detail: str) -> Signal:
    return Signal(kind, Severity.HIGH, detail, strong=True)


def _foreign(hosts: set[str] | frozenset[str], site: str) -> list[str]:
    """Hosts outside the site's own registrable domain."""
    own = split_domain(site)
    own_domain = own[0] if own else site
    out = []
    for host in sorted(hosts):
        parts = split_domain(host)
        if (parts[0] if parts else host) != own_domain:
            out.append(host)
    return out
