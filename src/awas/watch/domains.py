"""Look-alike and phishing domains: is a host an imitation of an official election domain?

Checks, against each official registrable domain (kpu.go.id, bawaslu.go.id, the province's, the
paslon's and every watched endpoint's):
- homoglyphs and confusable characters (Cyrillic "кpu", "bawas1u", "rn" for "m", punycode IDNs);
- the official domain inside another domain ("kpu.go.id.verifikasi-dpt.com");
- a TLD swap ("kpu.com", "bawaslu.co.id");
- added words ("kpu-jambi-2024.com", "cekdpt-bawaslu.info");
- a small edit distance on names of 5 letters or more ("bawasluu.id").
Subdomains of an official domain are official; hosts under restricted government suffixes (go.id,
mil.id, desa.id) and IP addresses are never look-alikes.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

RESTRICTED_SUFFIXES = frozenset({"go.id", "mil.id", "desa.id"})
REASON_SCORES = {
    "homoglyph": 0.95,
    "subdomain_spoof": 0.9,
    "tld_swap": 0.8,
    "edit_distance": 0.75,
    "added_words": 0.7,
}
REASON_LABELS = {
    "homoglyph": "karakter mirip (homoglyph)",
    "subdomain_spoof": "domain resmi ditempel di domain lain",
    "tld_swap": "akhiran domain (TLD) diganti",
    "edit_distance": "ejaan hampir sama",
    "added_words": "nama resmi ditambah kata lain",
}
CONFUSABLE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "ӏ": "l", "һ": "h", "ь": "b", "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i",
        "κ": "k", "υ": "u", "ı": "i", "ł": "l", "ɡ": "g", "0": "o", "1": "l", "3": "e", "4": "a",
        "5": "s", "7": "t", "8": "b", "|": "l", "!": "i",
    }
)  # fmt: skip
MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"))
VOCABULARY = frozenset(
    """jambi pilkada pemilu dpt cek info login verifikasi data ri go id prov provinsi kota kab kabupaten
    online resmi official portal daftar pendaftaran hasil suara rekap sirekap web site news update
    support help secure akun bantuan pemilih pusat indonesia kita ku app apps net my gov""".split()
)


@dataclass(frozen=True, slots=True)
class Official:
    """An official registrable domain and the name compared against (`kpu` of `kpu.go.id`)."""

    domain: str
    label: str
    suffix: str
    owner: str = ""


@dataclass(frozen=True, slots=True)
class Lookalike:
    host: str  # ASCII (punycode) host as seen
    display: str  # Unicode form, for people
    registrable: str
    official: str
    reasons: tuple[str, ...]

    @property
    def score(self) -> float:
        return max(REASON_SCORES[r] for r in self.reasons)

    def describe(self) -> str:
        why = ", ".join(REASON_LABELS[r] for r in self.reasons)
        return f"{self.display} meniru {self.official} ({why})"


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def ascii_host(host: str) -> str | None:
    """Lower-case ASCII (IDNA) form of a host without port or trailing dot; None if unusable."""
    host = host.strip().strip(".").lower()
    if not host or len(host) > 253:
        return None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def unicode_host(host: str) -> str:
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


def skeleton(name: str) -> str:
    """What a name looks like: confusable characters folded to ASCII, accents dropped."""
    text = unicodedata.normalize("NFKD", name.lower().translate(CONFUSABLE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for many, one in MULTI:
        text = text.replace(many, one)
    return text


def split_domain(host: str) -> tuple[str, str, str] | None:
    """(registrable domain, its label, public suffix) of an ASCII host; None for IPs and bare suffixes."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    suffix = _psl().publicsuffix(host)
    registrable = _psl().privatesuffix(host)
    if not suffix or not registrable:
        return None
    return registrable, registrable[: -len(suffix) - 1], suffix


def official(domain: str, owner: str = "") -> Official | None:
    parts = split_domain(domain.lower())
    return None if parts is None else Official(parts[0], parts[1], parts[2], owner)


def find_lookalike(host: str, officials: Iterable[Official]) -> Lookalike | None:
    """The strongest imitation of an official domain by `host`, or None."""
    ascii_form = ascii_host(host)
    parts = split_domain(ascii_form) if ascii_form else None
    if ascii_form is None or parts is None:
        return None
    registrable, label, suffix = parts
    known = list(officials)
    if suffix in RESTRICTED_SUFFIXES or registrable in {o.domain for o in known}:
        return None
    display = unicode_host(ascii_form)
    shown_label = unicode_host(registrable)[: -len(suffix) - 1]
    best: Lookalike | None = None
    for item in known:
        reasons = _reasons(ascii_form, display, label, shown_label, suffix, item)
        if reasons:
            found = Lookalike(ascii_form, display, registrable, item.domain, reasons)
            if best is None or found.score > best.score:
                best = found
    return best


def _reasons(host: str, display: str, label: str, shown: str, suffix: str, item: Official) -> tuple[str, ...]:
    reasons = []
    if shown != item.label and skeleton(shown) == skeleton(item.label):
        reasons.append("homoglyph")
    if f".{item.domain}." in f".{host}" or f".{item.domain}." in f".{skeleton(display)}":
        reasons.append("subdomain_spoof")
    elif _in_subdomain(display, label, suffix, item.label):
        reasons.append("subdomain_spoof")
    if label == item.label and suffix != item.suffix:
        reasons.append("tld_swap")
    looks = skeleton(shown)
    if looks != item.label and (_added_words(shown.lower(), item.label) or _added_words(looks, item.label)):
        reasons.append("added_words")
    if (
        not reasons
        and len(item.label) >= 5
        and 0 < _distance(skeleton(shown), item.label) <= _budget(item.label)
    ):
        reasons.append("edit_distance")
    return tuple(reasons)


def _in_subdomain(display: str, label: str, suffix: str, name: str) -> bool:
    """The official name (alone or with added words) in the labels before the registrable domain."""
    parts = display.split(".")[: -(label.count(".") + suffix.count(".") + 2)]
    return any(skeleton(p) == name or _added_words(skeleton(p), name) for p in parts)


def _budget(label: str) -> int:
    return 1 if len(label) <= 8 else 2


def _added_words(label: str, name: str) -> bool:
    """`name` is a whole token of `label`, or `label` is `name` glued to known words or digits."""
    tokens = [t for t in label.replace("_", "-").split("-") if t]
    if name in tokens:
        return True
    if len(name) >= 5 and name in label:
        return True
    flat = label.replace("-", "")
    if not flat.startswith(name) and not flat.endswith(name):
        return False
    rest = flat[len(name) :] if flat.startswith(name) else flat[: -len(name)]
    return bool(rest) and _segments(rest)


@lru_cache(maxsize=4096)
def _segments(text: str) -> bool:
    """True when `text` is a concatenation of vocabulary words and digits."""
    if not text:
        return True
    if text[0].isdigit():
        return _segments(text.lstrip("0123456789"))
    return any(text.startswith(w) and _segments(text[len(w) :]) for w in VOCABULARY)


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent transpositions)."""
    if abs(len(a) - len(b)) > 2:
        return 99
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
