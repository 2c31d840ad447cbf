"""A coordination cluster opened as a temuan, its posts captured as evidence (issue 8's done-when).

The temuan takes the cluster's description (`awas.coord.describe.describe_cluster`): title,
description, first post as `occurred_at`, detection time as `known_at`. Its category is the one
coordination suggests (a paslon-linked cluster with unregistered accounts:
`unregistered_campaign_account`), else the category detection found on at least half of the
cluster's posts (a copy-paste hoax campaign is a hoax case), else none, on the `hukum_lain` track for
the analyst to qualify. The election is the one of the cluster's paslon when they share one.
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal
from awas.cases.api import TemuanInput, open_temuan
from awas.coord.describe import ClusterSummary, describe_cluster
from awas.domain.cases import TemuanSource
from awas.domain.legal import Track
from awas.escalate.records import Advance, Escalation, capture_for_case
from awas.store.tables import findings

MAJORITY = 0.5  # share of the cluster's posts a detection category must cover to name the case


def open_case_from_cluster(
    app: App, principal: Principal, cluster_id: str, *, advance: Advance | None = None
) -> Escalation:
    """Open (or find) the temuan for a stored cluster and capture each of its posts as evidence.

    Raises NotFoundError for an unknown cluster; PermissionDenied or InputError as `open_temuan`
    (nothing opened, nothing captured).
    """
    summary = describe_cluster(app, cluster_id)
    case = open_temuan(app, principal, _temuan(app, summary))
    pks = [p.post_pk for p in summary.posts if p.post_pk is not None]
    reason = f"bukti klaster terkoordinasi {cluster_id}"
    captured = capture_for_case(app, principal, case, pks, reason, advance)
    return Escalation(f"{TemuanSource.COORD_CLUSTER.value}:{cluster_id}", case, captured)


def _temuan(app: App, summary: ClusterSummary) -> TemuanInput:
    category = summary.suggested_category or detected_category(app, summary)
    elections = {app.reference.paslon[p].election_id for p in summary.paslon_ids if p in app.reference.paslon}
    return TemuanInput(
        source_type=TemuanSource.COORD_CLUSTER,
        source_id=summary.cluster_id,
        summary=summary.title,
        description=summary.description,
        category=category,
        track=None if category else Track.HUKUM_LAIN,
        election_id=elections.pop() if len(elections) == 1 else None,
        occurred_at=summary.first_at,
        known_at=max(summary.detected_at, summary.first_at),
    )


def detected_category(app: App, summary: ClusterSummary) -> str | None:
    """The category detection found (not rejected by a reviewer) on at least half the cluster's posts."""
    pks = [p.post_pk for p in summary.posts if p.post_pk is not None]
    if not pks:
        return None
    query = (
        sa.select(findings.c.category, findings.c.post_pk)
        .where(findings.c.post_pk.in_(pks), findings.c.review_status != "rejected")
        .distinct()
    )
    with app.db.read() as conn:
        votes = Counter(category for category, _pk in conn.execute(query))
    if not votes:
        return None
    category, posts = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return category if posts >= MAJORITY * len(pks) else None
