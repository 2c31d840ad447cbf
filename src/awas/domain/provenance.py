"""How sure we are of a reference fact. Shown to users next to every such fact."""

from __future__ import annotations

from enum import StrEnum


class SourceStatus(StrEnum):
    """`verified`: primary text or agreeing sources; `sourced`: one reliable secondary source;
    `conflict`: sources disagree; `unverified`: general knowledge, check the official text."""

    VERIFIED = "verified"
    SOURCED = "sourced"
    CONFLICT = "conflict"
    UNVERIFIED = "unverified"
