"""The watch's public interface for other capabilities and front ends.

from awas.watch.api import WatchService, mask_personal_data, find_numbers, find_lookalike
"""

from __future__ import annotations

from awas.app import App
from awas.watch.cycle import kecamatan_codes
from awas.watch.domains import Lookalike, Official, find_lookalike
from awas.watch.leaks import LeakReport, mask_leak, scan_text
from awas.watch.nik import NumberHit, find_numbers
from awas.watch.records import Endpoint, Incident, Severity
from awas.watch.service import WatchService

__all__ = [
    "Endpoint",
    "Incident",
    "LeakReport",
    "Lookalike",
    "NumberHit",
    "Official",
    "Severity",
    "WatchService",
    "find_lookalike",
    "find_numbers",
    "mask_personal_data",
    "scan_text",
]


def mask_personal_data(app: App, text: str) -> str:
    """`text` with every valid NIK/KK masked and DPT-like table rows hidden (use before showing any
    post text, e.g. in a feed or an export)."""
    return mask_leak(text, kecamatan_codes(app))
