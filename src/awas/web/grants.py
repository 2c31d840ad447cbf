"""Permissions of the dashboard's task-force pages (role level; objects are checked by policies).

Imported by `awas.web.application` before the routes. Who holds what, and why:

- the content feed shows post texts and authors: task-force readers, not partner liaisons (as the
  overview's counts); confirming or rejecting a finding is an analyst's (or admin's) judgement;
- cases: everyone may open the board, but the `case` object policy and the cases capability show a
  partner only what is routed or shared to its organisation; routing and sharing are for Bawaslu
  admins and analysts (the cases capability checks it again, with the case's owner);
- recap results are public KPU data, so every role reads them (a KPU liaison follows up anomalies);
  typing D.Hasil/DB/DC numbers is an analyst's (or admin's) job;
- coordination clusters name accounts and posts: task-force readers only.
"""

from __future__ import annotations

from awas.access.permissions import ALL_ROLES, TASK_FORCE_READERS, register_permission
from awas.domain.orgs import Role

EDITORS = frozenset({Role.ADMIN, Role.ANALYST})

DASHBOARD_PERMISSIONS = {
    "feed.view": TASK_FORCE_READERS,
    "findings.review": EDITORS,
    "cases.view": ALL_ROLES,
    "cases.manage": EDITORS,
    "recap.view": ALL_ROLES,
    "recap.enter": EDITORS,
    "clusters.view": TASK_FORCE_READERS,
}

for _name, _roles in DASHBOARD_PERMISSIONS.items():
    register_permission(_name, _roles)
