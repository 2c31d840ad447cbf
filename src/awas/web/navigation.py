"""The dashboard's navigation: one entry per page, shown only to principals holding its permission.

A capability adds its pages with one line in `NAV_ITEMS` (feed, case board, recap, clusters...).
"""

from __future__ import annotations

from dataclasses import dataclass

from awas.access.permissions import Principal


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    label_key: str
    permission: str
    order: int


NAV_ITEMS: list[NavItem] = [
    NavItem("/overview", "nav.overview", "overview.view", 10),
    NavItem("/feed", "nav.feed", "feed.view", 20),
    NavItem("/cases", "nav.cases", "cases.view", 30),
    NavItem("/recap", "nav.recap", "recap.view", 42),
    NavItem("/clusters", "nav.clusters", "clusters.view", 45),
    NavItem("/map", "nav.map", "risk.view", 50),
    NavItem("/reports", "nav.reports", "reports.view", 60),
    NavItem("/reference/elections", "nav.reference", "reference.view", 70),
    NavItem("/tokens", "nav.tokens", "tokens.own", 90),
    NavItem("/watch", "nav.watch", "watch.view", 40),
    NavItem("/laporan", "nav.laporan", "reference.view", 95),
]


def nav_for(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    return sorted((i for i in NAV_ITEMS if principal.can(i.permission)), key=lambda i: i.order)
