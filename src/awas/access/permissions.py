"""Who may do what: permissions by role, scoped by organisation, plus per-object policies.

Two layers, both data (capabilities extend them, front ends only ask):

1. `ROLE_PERMISSIONS`: permission name → roles that hold it (`"<area>.<verb>"`). A capability adds its
   own with `register_permission("cases.view", {Role.ADMIN, ...})` at import of its web module.
2. Object policies: for objects that belong to an organisation (cases, tokens...), a function
   `(principal, obj) -> bool` registered under the object type with `register_object_policy`. The cases
   capability registers "case" (partner liaisons see only cases routed or shared to their organisation).
   An object type with no policy is refused (deny by default).

A `Principal` is a user with their organisation; `region_scope` limits a kab/kota Bawaslu to its region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from awas.domain.orgs import Organisation, Role, User

ALL_ROLES = frozenset(Role)
TASK_FORCE_READERS = frozenset({Role.ADMIN, Role.ANALYST, Role.INVESTIGATOR, Role.READ_ONLY})

ROLE_PERMISSIONS: dict[str, frozenset[Role]] = {
    "reference.view": ALL_ROLES,
    "risk.view": ALL_ROLES,  # aggregate index per kab/kota, like Bawaslu's published IKP
    "overview.view": TASK_FORCE_READERS,  # finding counts are operational: not for partner liaisons
    "reports.view": TASK_FORCE_READERS,
    "risk.snapshot": frozenset({Role.ADMIN, Role.ANALYST}),
    "tokens.own": ALL_ROLES,  # a token acts with its owner's permissions, never more
    "tokens.all": frozenset({Role.ADMIN}),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: the user, their organisation, and how they signed in ("session" or "token")."""

    user: User
    org: Organisation
    via: str = "session"

    @property
    def region_scope(self) -> str | None:
        """A kab/kota organisation (region `15.71`) sees its own region; province-wide ones see all."""
        code = self.org.region_code or ""
        return code if code.count(".") == 1 else None

    def can(self, permission: str) -> bool:
        return allows(self.user.role, permission)


def allows(role: Role, permission: str) -> bool:
    """True when `role` holds `permission`; an unknown permission is held by nobody."""
    return role in ROLE_PERMISSIONS.get(permission, frozenset())


def register_permission(name: str, roles: Iterable[Role]) -> None:
    """Declare a permission; ValueError if the name is taken with different roles (two meanings)."""
    wanted = frozenset(roles)
    existing = ROLE_PERMISSIONS.get(name)
    if existing is not None and existing != wanted:
        raise ValueError(f"permission {name!r} is already declared with other roles")
    ROLE_PERMISSIONS[name] = wanted


ObjectPolicy = Callable[[Principal, Any], bool]
OBJECT_POLICIES: dict[str, ObjectPolicy] = {}


def register_object_policy(object_type: str, policy: ObjectPolicy) -> None:
    OBJECT_POLICIES[object_type] = policy


def can_access(principal: Principal, object_type: str, obj: Any) -> bool:
    """Whether `principal` may see `obj`; False for object types without a policy (deny by default)."""
    policy = OBJECT_POLICIES.get(object_type)
    return bool(policy and policy(principal, obj))
