"""HTTP security headers of a response: which are present, a score, and what changed since the
last check (a header that disappears from an official site is worth a look, not an incident)."""

from __future__ import annotations

SECURITY_HEADERS = (
    "strict-transport-security",
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
)


def security_headers(headers: dict[str, str], https: bool) -> dict[str, object]:
    """{"present": {...}, "missing": [...], "score": 0-100}; HSTS only counts over HTTPS."""
    wanted = [h for h in SECURITY_HEADERS if https or h != "strict-transport-security"]
    present = {h: headers[h][:200] for h in wanted if h in headers}
    missing = [h for h in wanted if h not in headers]
    score = round(100 * len(present) / len(wanted)) if wanted else 0
    return {"present": present, "missing": missing, "score": score}


def header_changes(previous: dict[str, object], current: dict[str, object]) -> list[str]:
    """Headers that were present and are gone, or that appeared (names only)."""
    before = set(_names(previous.get("present")))
    after = set(_names(current.get("present")))
    return [f"-{h}" for h in sorted(before - after)] + [f"+{h}" for h in sorted(after - before)]


def _names(value: object) -> list[str]:
    return [str(k) for k in value] if isinstance(value, dict) else []
