"""The web's principal as the cases capability's principal, and the `case` object policy.

The signed-in principal already carries the user, role and organisation (checked active within the
principal cache's few seconds), so the cases principal is built from it without another database
read (`awas.cases.api.principal_for` would read the user again).
"""

from __future__ import annotations

from dataclasses import dataclass

from awas.access.permissions import Principal, register_object_policy
from awas.app import App
from awas.cases.access import Principal as CasePrincipal
from awas.cases.queries import can_view


def case_principal(principal: Principal) -> CasePrincipal:
    org = principal.org
    return CasePrincipal(principal.user.username, org.id, org.kind, org.region_code, principal.user.role)


@dataclass(frozen=True, slots=True)
class CaseRef:
    """A case as an object to check: the App it lives in and its id or number."""

    core: App
    ref: int | str


def _case_policy(principal: Principal, case: CaseRef) -> bool:
    """Bawaslu offices see their own and lower offices' cases; partners what is routed or shared to
    them within their TLP clearance (the cases capability's rule, `awas.cases.access`)."""
    return can_view(case.core, case_principal(principal), case.ref)


register_object_policy("case", _case_policy)
