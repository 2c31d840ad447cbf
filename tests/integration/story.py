"""What `awas demo` must leave behind as one story, read from its database (used on SQLite in a
subprocess and on both databases in process)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.cases.tables import cases
from awas.coord.tables import coord_clusters
from awas.evidence.tables import evidence_captures, evidence_links
from awas.ingest.tables import post_intake
from awas.store.tables import findings, posts


@dataclass(frozen=True)
class Story:
    posts: int
    through_intake: int  # posts with intake's annotations (written by intake, not by a private writer)
    detected: int
    findings: int
    clusters: int
    cases_by_source: dict[str, int]
    evidence_by_source: dict[str, int]  # cases opened from an engine -> evidence links
    captures: int


def _count(conn: Connection, table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())


def read_story(conn: Connection) -> Story:
    intake = sa.select(post_intake.c.post_id).where(
        post_intake.c.platform == posts.c.platform, post_intake.c.post_id == posts.c.post_id
    )
    sources = dict(
        conn.execute(sa.select(cases.c.source_type, sa.func.count()).group_by(cases.c.source_type)).all()
    )
    linked = (
        sa.select(cases.c.source_type, sa.func.count())
        .join(evidence_links, evidence_links.c.subject_id == sa.cast(cases.c.id, sa.String))
        .where(evidence_links.c.subject_type == "case")
        .group_by(cases.c.source_type)
    )
    return Story(
        posts=_count(conn, posts),
        through_intake=_count(conn, posts, intake.exists()),
        detected=_count(conn, posts, posts.c.stage == "detected"),
        findings=_count(conn, findings),
        clusters=_count(conn, coord_clusters),
        cases_by_source={str(k): int(v) for k, v in sources.items()},
        evidence_by_source={str(k): int(v) for k, v in conn.execute(linked).all()},
        captures=_count(conn, evidence_captures),
    )


def check_story(story: Story, packages: Path) -> None:
    """The demo as one story: intake's corpus is what everything else worked on."""
    assert story.posts == story.through_intake == story.detected > 400  # no step wrote its own posts
    assert story.findings > 0 and story.clusters >= 3
    for source in ("coord_cluster", "recap_anomaly"):
        assert story.cases_by_source.get(source) == 1, source
    # one escalated detection finding, plus the watch's incidents (also findings, routed as temuan)
    assert story.cases_by_source.get("finding", 0) >= 1
    assert story.evidence_by_source["coord_cluster"] > 10 and story.evidence_by_source["finding"] >= 3
    assert story.evidence_by_source["laporan"] > 0  # the sample pages, on a real demo laporan
    names = {p.name for p in packages.glob("*.zip")}
    assert names and all(n.startswith(("TM-", "LP-")) for n in names)  # named by real case numbers
