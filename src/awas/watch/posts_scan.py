"""Scan the posts the intake stored (social media, news feeds, public tips and their attachments)
for voter-data leaks and look-alike domains, from a cursor (each post is scanned once).

1. read the next batch of posts after the cursor;
2. Polars picks the candidates (a 16-digit group, leak vocabulary, an attachment; links);
3. leaks: scan text and attachments; a leak worth an incident becomes one (or a sighting of the
   same leak), the post is sealed as evidence first, then its stored copy is masked;
4. look-alikes: every host not already known is compared with the official domains; a new
   look-alike raises a phishing incident with the post that carried it;
5. move the cursor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import polars as pl
import sqlalchemy as sa

from awas.app import App
from awas.ingest.attachments import AttachmentStore
from awas.store.tables import posts
from awas.timeutil import utcnow
from awas.watch import lease
from awas.watch.attachments_text import attachment_text
from awas.watch.config import WatchSettings
from awas.watch.cycle import kecamatan_codes
from awas.watch.domains import Lookalike, Official, ascii_host, find_lookalike
from awas.watch.evidence_link import capture_post_sighting
from awas.watch.leaks import LeakReport, merge, scan_text
from awas.watch.nik import PREFILTER
from awas.watch.official import official_domains
from awas.watch.records import IncidentDraft, Severity
from awas.watch.redaction import redact_post
from awas.watch.responder import Responder
from awas.watch.tables import watch_domains

CURSOR = "posts"
LEAK_WORDS = r"(?i)\b(?:dpt|nik|nkk|ktp|kartu keluarga|data pemilih|daftar pemilih)\b"
MIN_NUMBERS = 3  # fewer valid numbers without an offer or a table: masked, but no incident


@dataclass
class ScanReport:
    posts: int = 0
    leak_posts: int = 0
    masked_posts: int = 0
    lookalikes: int = 0
    opened: list[int] = field(default_factory=list)
    last_id: int = 0


class PostScanner:
    def __init__(self, app: App, settings: WatchSettings) -> None:
        self.app, self.settings = app, settings
        self.responder = Responder(app, settings)
        self.kecamatan = kecamatan_codes(app)
        self.officials: list[Official] = official_domains(app)
        self.attachments = AttachmentStore(app.db, app.settings.resolved_data_dir)

    def run(self, progress: Callable[[int], None] | None = None) -> ScanReport:
        """Steps 1-5 of the module docstring, batch after batch until no post is left."""
        report = ScanReport(last_id=lease.position(self.app, CURSOR))
        while True:
            batch = self._batch(report.last_id)  # 1 - read
            if batch.height == 0:
                return report
            self._leaks(batch.filter(_leak_candidates()), report)  # 2, 3 - candidates, leaks
            self._lookalikes(batch, report)  # 4 - look-alikes
            report.posts += batch.height
            report.last_id = int(batch.get_column("id").max() or report.last_id)  # type: ignore[arg-type]
            lease.set_position(self.app, CURSOR, report.last_id)  # 5 - cursor
            if progress:
                progress(report.posts)

    def _batch(self, after: int) -> pl.DataFrame:
        query = (
            sa.select(
                posts.c.id,
                posts.c.platform,
                posts.c.post_id,
                posts.c.text,
                posts.c.urls,
                posts.c.media,
                posts.c.region_code,
            )
            .where(posts.c.id > after)
            .order_by(posts.c.id)
            .limit(self.settings.post_batch)
        )
        with self.app.db.read() as conn:
            rows = [
                (r[0], r[1], r[2], r[3], list(r[4] or []), list(r[5] or []), r[6])
                for r in conn.execute(query)
            ]
        schema: dict[str, Any] = {
            "id": pl.Int64,
            "platform": pl.String,
            "post_id": pl.String,
            "text": pl.String,
            "urls": pl.List(pl.String),
            "media": pl.Object,
            "region_code": pl.String,
        }
        return pl.DataFrame(rows, schema=schema, orient="row")

    def _leaks(self, candidates: pl.DataFrame, report: ScanReport) -> None:
        for row in candidates.iter_rows(named=True):
            leak = self._scan_post(row)
            if not leak.numbers and not leak.offer and not leak.table_rows:
                continue
            report.leak_posts += 1
            sealed = True
            if leak.is_incident(MIN_NUMBERS):
                sealed = self._leak_incident(row, leak, report)
            if sealed and leak.numbers and self.settings.redact_posts:
                report.masked_posts += redact_post(self.app, int(row["id"]), self.kecamatan)

    def _scan_post(self, row: dict[str, Any]) -> LeakReport:
        reports = [scan_text(row["text"] or "", self.kecamatan)]
        for media in row["media"] or []:
            url = str(media.get("url", "")) if isinstance(media, dict) else ""
            if url.startswith("attachment:"):
                path = self.attachments.path_of(url.removeprefix("attachment:"))
                text = attachment_text(path, media)
                if text:
                    reports.append(scan_text(text, self.kecamatan))
        return merge(reports)

    def _leak_incident(self, row: dict[str, Any], leak: LeakReport, report: ScanReport) -> bool:
        """Raise (or add a sighting to) the leak's incident; True when the post is sealed as evidence."""
        key = f"{row['platform']}:{row['post_id']}"
        draft = IncidentDraft(
            key=leak.key(row["text"] or key),
            category="data_leak",
            kind="post_leak",
            severity=leak.severity,
            subject=key,
            summary=f"Kebocoran data pemilih di pos {key}: {leak.describe()}"[:2000],
            region_code=_region(leak, row["region_code"]),
            source_type="post",
            source_id=key,
            post_pk=int(row["id"]),
            details={"post": key, "leak": leak.as_dict()},
        )
        raised = self.responder.handle(draft)
        if raised.new:
            report.opened.append(raised.incident.id)
            return any(
                e.get("kind") == "post" and e.get("status") == "stored" for e in raised.incident.evidence
            )
        if not self.settings.evidence:
            return True
        entry = capture_post_sighting(self.app, self.settings, int(row["id"]), raised.incident.id)
        return bool(entry["status"] == "stored")

    def _lookalikes(self, batch: pl.DataFrame, report: ScanReport) -> None:
        links = batch.select("id", "platform", "post_id", "urls").explode("urls").drop_nulls("urls")
        if links.height == 0:
            return
        links = links.with_columns(
            pl.col("urls").map_elements(_host_of, return_dtype=pl.String).alias("host")
        )
        first = links.drop_nulls("host").unique("host", keep="first", maintain_order=True)
        known = self._known_hosts(first.get_column("host").to_list())
        for row in first.filter(~pl.col("host").is_in(list(known))).iter_rows(named=True):
            found = find_lookalike(row["host"], self.officials)
            if found is not None:
                report.lookalikes += 1
                self._phishing(found, row, report)
        self._count_sightings(links, known)

    def _known_hosts(self, hosts: list[str]) -> set[str]:
        known: set[str] = set()
        with self.app.db.read() as conn:
            for start in range(0, len(hosts), 500):
                chunk = hosts[start : start + 500]
                known |= set(
                    conn.execute(
                        sa.select(watch_domains.c.host).where(watch_domains.c.host.in_(chunk))
                    ).scalars()
                )
        return known

    def _phishing(self, found: Lookalike, row: dict[str, Any], report: ScanReport) -> None:
        key = f"{row['platform']}:{row['post_id']}"
        now = utcnow()
        with self.app.db.transaction() as conn:
            conn.execute(
                watch_domains.insert().values(
                    host=found.host,
                    registrable=found.registrable,
                    lookalike_of=found.official,
                    reasons=list(found.reasons),
                    score=found.score,
                    first_seen_at=now,
                    last_seen_at=now,
                    sightings=1,
                    first_source=key,
                )
            )
        severity = Severity.HIGH if found.score >= 0.9 else Severity.MEDIUM
        draft = IncidentDraft(
            key=f"phishing:{found.registrable}",
            category="phishing",
            kind="lookalike_domain",
            severity=severity,
            subject=found.registrable,
            summary=f"Domain tiruan: {found.describe()}; pertama terlihat di {key}"[:2000],
            source_type="domain",
            source_id=found.host,
            post_pk=int(row["id"]),
            capture_url=f"http://{found.host}/",
            details={
                "host": found.display,
                "ascii": found.host,
                "registrable": found.registrable,
                "official": found.official,
                "reasons": list(found.reasons),
                "post": key,
            },
        )
        raised = self.responder.handle(draft)
        with self.app.db.transaction() as conn:
            conn.execute(
                watch_domains.update()
                .where(watch_domains.c.host == found.host)
                .values(incident_id=raised.incident.id)
            )
        if raised.new:
            report.opened.append(raised.incident.id)

    def _count_sightings(self, links: pl.DataFrame, known: set[str]) -> None:
        counts = links.filter(pl.col("host").is_in(list(known))).group_by("host").len()
        if counts.height == 0:
            return
        now = utcnow()
        with self.app.db.transaction() as conn:
            for host, n in counts.iter_rows():
                conn.execute(
                    watch_domains.update()
                    .where(watch_domains.c.host == host)
                    .values(sightings=watch_domains.c.sightings + n, last_seen_at=now)
                )


def _leak_candidates() -> pl.Expr:
    has_attachment = pl.col("media").map_elements(
        lambda m: any(
            isinstance(x, dict) and str(x.get("url", "")).startswith("attachment:") for x in m or []
        ),
        return_dtype=pl.Boolean,
    )
    return pl.col("text").str.contains(PREFILTER) | pl.col("text").str.contains(LEAK_WORDS) | has_attachment


def _host_of(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return ascii_host(host) if host else None


def _region(leak: LeakReport, fallback: str | None) -> str | None:
    regions = leak.regions()
    if not regions:
        return fallback
    kecamatan = max(regions, key=lambda r: regions[r])
    return kecamatan[:5]  # the kab/kota of most leaked numbers


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
