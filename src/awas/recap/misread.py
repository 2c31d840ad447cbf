"""Single-digit OCR/handwriting misreads (specs/recap-rules.md §4), on integers.

Confusion pairs: those KPU reported for Sirekap (3↔8, 2↔7) and the usual handwriting ones
(1↔7, 4↔9, 5↔6, 0↔6, 0↔8, 6↔8, 1↔4); plus one extra or one dropped digit.
"""

from __future__ import annotations

KPU_PAIRS = frozenset({frozenset("38"), frozenset("27")})
HANDWRITING_PAIRS = frozenset(frozenset(p) for p in ("17", "49", "56", "06", "08", "68", "14"))
PAIRS = KPU_PAIRS | HANDWRITING_PAIRS
ALTERNATIVES = {d: sorted(o for pair in PAIRS if d in pair for o in pair if o != d) for d in "0123456789"}
# Lower rank = more likely; used to order candidate corrections.
RANK_KPU, RANK_HANDWRITING, RANK_LENGTH = 0, 1, 2


def explain(read: int, true: int) -> tuple[int, str] | None:
    """(rank, description) when `true` may have been read as `read` by one slip, else None."""
    r, t = str(read), str(true)
    if len(r) == len(t):
        diffs = [i for i in range(len(r)) if r[i] != t[i]]
        if len(diffs) == 1 and frozenset((r[diffs[0]], t[diffs[0]])) in PAIRS:
            i = diffs[0]
            rank = RANK_KPU if frozenset((r[i], t[i])) in KPU_PAIRS else RANK_HANDWRITING
            return rank, f"angka {t[i]} terbaca {r[i]}"
        return None
    if len(r) == len(t) + 1 and any(r[:i] + r[i + 1 :] == t for i in range(len(r))):
        return RANK_LENGTH, "ada satu angka tambahan"
    if len(t) == len(r) + 1 and any(t[:i] + t[i + 1 :] == r for i in range(len(t))):
        return RANK_LENGTH, "satu angka hilang"
    return None


def true_values(read: int) -> list[int]:
    """Every value `read` may have come from by one slip (used when no equation fixes the target)."""
    r = str(read)
    out: set[int] = set()
    for i, digit in enumerate(r):
        out.update(int(r[:i] + alt + r[i + 1 :]) for alt in ALTERNATIVES[digit])
        if len(r) > 1:
            out.add(int(r[:i] + r[i + 1 :]))
    for i in range(len(r) + 1):
        out.update(int(r[:i] + d + r[i:]) for d in "0123456789")
    out.discard(read)
    return sorted(v for v in out if explain(read, v) is not None)
