"""Features of a fetched page for integrity checks: normalised text lines (as hashes), the hosts of
external scripts and iframes, hidden iframes, obfuscated inline scripts, the tag histogram, and the
markers present. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError

from awas.ingest.pagewatch import visible_text
from awas.watch.markers import MarkerSet

DIGITS = re.compile(r"\d+")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|left\s*:\s*-\d{3,}px", re.I)
OBFUSCATED = re.compile(
    r"eval\s*\(\s*(?:atob|unescape|function\s*\(p,a,c,k,e)|document\.write\s*\(\s*unescape|"
    r"String\.fromCharCode\((?:\s*\d+\s*,){20}|window\.location(?:\.href)?\s*=\s*['\"]https?://",
    re.I,
)


@dataclass(frozen=True, slots=True)
class PageFeatures:
    title: str
    text: str  # visible text, one line per block (already masked by the caller when needed)
    lines: frozenset[str]  # hashes of normalised lines
    script_hosts: frozenset[str]
    iframe_hosts: frozenset[str]
    hidden_iframes: int
    obfuscated: int
    tags: dict[str, int] = field(default_factory=dict)
    markers: dict[str, list[str]] = field(default_factory=dict)


def line_hash(line: str) -> str:
    """Hash of a line with its numbers blanked (counters, dates and clocks change every visit)."""
    return hashlib.sha1(DIGITS.sub("0", line.lower()).encode()).hexdigest()[:12]


def page_features(html: bytes, base_url: str, markers: MarkerSet, max_chars: int) -> PageFeatures:
    """Features of `html` served at `base_url`; text is cut at `max_chars` characters."""
    title, text = visible_text(html)
    text = text[:max_chars]
    scripts, iframes, hidden, obfuscated, tags = _elements(html, base_url)
    lowered = f"{title}\n{text}".lower()
    return PageFeatures(
        title=title,
        text=text,
        lines=frozenset(line_hash(line) for line in text.splitlines() if line.strip()),
        script_hosts=scripts,
        iframe_hosts=iframes,
        hidden_iframes=hidden,
        obfuscated=obfuscated,
        tags=tags,
        markers=markers.found(lowered),
    )


def _elements(html: bytes, base_url: str) -> tuple[frozenset[str], frozenset[str], int, int, dict[str, int]]:
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return frozenset(), frozenset(), 0, 0, {}
    own = (urlsplit(base_url).hostname or "").lower()
    scripts = {_host(urljoin(base_url, s)) for s in root.xpath("//script/@src")}
    iframes = root.xpath("//iframe")
    frame_hosts = {_host(urljoin(base_url, f.get("src") or "")) for f in iframes}
    hidden = sum(1 for f in iframes if _hidden(f))
    inline = " ".join(s.text or "" for s in root.xpath("//script[not(@src)]"))
    tags = Counter(el.tag for el in root.iter() if isinstance(el.tag, str))
    return (
        frozenset(h for h in scripts if h and h != own),
        frozenset(h for h in frame_hosts if h and h != own),
        hidden,
        len(OBFUSCATED.findall(inline)),
        dict(tags.most_common(40)),
    )


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _hidden(frame: lxml.html.HtmlElement) -> bool:
    width, height = (frame.get("width") or "").strip(), (frame.get("height") or "").strip()
    return (
        width in ("0", "1", "0px", "1px")
        or height in ("0", "1", "0px", "1px")
        or bool(HIDDEN_STYLE.search(frame.get("style") or ""))
    )


def tag_distance(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """1 - cosine similarity of two tag histograms (0 = same structure, 1 = nothing in common)."""
    keys = set(a) | set(b)
    dot = sum(a.get(k, 0) * b.get(k, 0) for k in keys)
    norm = (sum(v * v for v in a.values()) ** 0.5) * (sum(v * v for v in b.values()) ** 0.5)
    return 1.0 - (dot / norm if norm else 0.0)


def table_text(html: bytes, max_rows: int = 20_000) -> str:
    """The page's HTML tables as tab-separated lines (so a DPT table keeps its columns)."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    lines = []
    for row in root.iter("tr"):
        cells = [" ".join(c.text_content().split()) for c in row if c.tag in ("td", "th")]
        if cells:
            lines.append("\t".join(cells))
        if len(lines) >= max_rows:
            break
    return "\n".join(lines)
