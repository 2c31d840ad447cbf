"""Task-force organisations, users and their roles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user may do. Partner liaisons see only what is routed or shared to their organisation."""

    ADMIN = "admin"
    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    PARTNER_LIAISON = "partner_liaison"
    READ_ONLY = "read_only"


class Tlp(StrEnum):
    """Traffic Light Protocol 2.0 marking, for need-to-know sharing with partner agencies."""

    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    kind: str
    region_code: str | None
    handler_id: str | None
    task_force: bool


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    org_id: str
    role: Role
    active: bool = True
