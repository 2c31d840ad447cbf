"""Stored clusters: replaced as a whole by each run, first detection time kept per cluster id."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.coord.frame import split_account
from awas.coord.link import ClusterLinks
from awas.coord.records import Cluster
from awas.coord.tables import coord_cluster_accounts, coord_cluster_posts, coord_clusters
from awas.store.tables import posts

MAX_EDGES_STORED = 5_000


def save_clusters(
    conn: Connection, clusters: list[Cluster], links: dict[str, ClusterLinks], now: datetime
) -> None:
    """Replace the stored clusters with `clusters` (one transaction: `conn`)."""
    first_seen = dict(conn.execute(sa.select(coord_clusters.c.id, coord_clusters.c.detected_at)).all())
    conn.execute(coord_cluster_posts.delete())
    conn.execute(coord_cluster_accounts.delete())
    conn.execute(coord_clusters.delete())
    for cluster in clusters:
        link = links.get(cluster.id) or ClusterLinks({}, {}, ())
        conn.execute(
            coord_clusters.insert().values(
                **_cluster_row(cluster, link, first_seen.get(cluster.id, now), now)
            )
        )
        conn.execute(coord_cluster_accounts.insert(), _account_rows(cluster, link))
        conn.execute(coord_cluster_posts.insert(), _post_rows(conn, cluster))


def _cluster_row(cluster: Cluster, link: ClusterLinks, detected: datetime, now: datetime) -> dict[str, Any]:
    features = asdict(cluster.features)
    return {
        "id": cluster.id,
        "kind": cluster.kind.value,
        "score": cluster.score,
        "n_accounts": len(cluster.accounts),
        "n_posts": len(cluster.posts),
        "first_at": cluster.first_at,
        "last_at": cluster.last_at,
        "window_s": cluster.features.window,
        "features": features,
        "items": list(cluster.items),
        "edges": [asdict(e) for e in cluster.edges[:MAX_EDGES_STORED]],
        "paslon_ids": list(link.paslon_ids),
        "detected_at": detected,
        "updated_at": now,
    }


def _account_rows(cluster: Cluster, link: ClusterLinks) -> list[dict[str, Any]]:
    rows = []
    for account in cluster.accounts:
        platform, author_id = split_account(account)
        rows.append(
            {
                "cluster_id": cluster.id,
                "account": account,
                "platform": platform,
                "author_id": author_id,
                "handle": link.handles.get(account),
                "registered_paslon_id": link.registered.get(account),
            }
        )
    return rows


def _post_rows(conn: Connection, cluster: Cluster) -> list[dict[str, Any]]:
    keys = {}
    for start in range(0, len(cluster.posts), 2_000):
        part = cluster.posts[start : start + 2_000]
        query = sa.select(posts.c.id, posts.c.platform, posts.c.post_id).where(
            sa.tuple_(posts.c.platform, posts.c.post_id).in_(part)
        )
        keys.update({(r.platform, r.post_id): r.id for r in conn.execute(query)})
    return [
        {"cluster_id": cluster.id, "platform": p, "post_id": i, "post_pk": keys.get((p, i))}
        for p, i in cluster.posts
    ]
