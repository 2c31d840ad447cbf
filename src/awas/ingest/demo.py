"""The intake demo step: the bundled samples go through every importer and feeder, offline.

1. import the campaign account registry; 2. import each sample export in its native format, then
the canonical JSONL (the same posts: the exports add nothing the JSONL does not have, and the JSONL
adds the news, tips and anything only it carries); 3. serve the sample news feed and watched page on
loopback and run their feeders (the page twice: a first version, then a changed one with its diff).
Idempotent: a second run stores nothing new.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from awas.app import App
from awas.demo import DemoResult
from awas.ingest.accounts import AccountService
from awas.ingest.campaigners import CampaignAccountReport
from awas.ingest.feedrun import FeedRunner
from awas.ingest.fetcher import Fetcher, FetchPolicy
from awas.ingest.localserve import serve_folder
from awas.ingest.pagewatch import PageWatch
from awas.ingest.records import Source
from awas.ingest.service import IngestService
from awas.ingest.sources import SourceService

DEMO_PORTS = (47291, 47292, 47293, 47294)
EXPORTS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("x_recent_search.jsonl", "x", {}),
    ("youtube_videos.json", "youtube", {}),
    ("youtube_comments.json", "youtube", {}),
    ("tiktok_videos.json", "tiktok", {}),
    ("crowdtangle_facebook.csv", "crowdtangle", {}),
    ("meta_content_library_instagram.csv", "crowdtangle", {}),
    ("listening_export.csv", "listening-csv", {"mapping": "listening-mapping.yaml"}),
    ("telegram/result.json", "telegram", {}),
    ("whatsapp/WhatsApp Chat - Relawan Kecamatan Demo.zip", "whatsapp", {}),
    ("whatsapp/WhatsApp Chat with Warga RT 05 Demo.txt", "whatsapp", {}),
    ("posts.jsonl", "jsonl", {}),
    ("followup_wave.jsonl", "jsonl", {}),  # the planted campaigns strike again (for awas coord)
)


def samples_dir() -> Path:
    return Path(str(resources.files("awas.ingest").joinpath("samples")))


def demo_step(app: App, actor: str) -> DemoResult:
    folder = samples_dir()
    summary: dict[str, Any] = {}
    accounts = AccountService(app).import_csv(folder / "campaign_accounts.csv", actor=actor)
    summary["akun kampanye terdaftar (baru)"] = accounts["new"]
    intake = IngestService(app)
    for name, fmt, options in EXPORTS:
        opts = {k: folder / v for k, v in options.items()}
        result = intake.import_file(folder / name, fmt, actor=actor, **opts)
        summary[f"{fmt}: {Path(name).name}"] = (
            f"{result.accepted} baru, {result.existing} sudah ada, {result.rejected} ditolak"
        )
    summary |= _feeds(app, folder, actor)
    unregistered = CampaignAccountReport(app).unregistered()
    summary["akun berkampanye tidak terdaftar"] = len(unregistered)
    return DemoResult("Pengumpulan konten (sampel sintetis)", summary)


def _feeds(app: App, folder: Path, actor: str) -> dict[str, str]:
    aliases: dict[str, Path] = {}
    found: dict[str, str] = {}
    fetcher = Fetcher(FetchPolicy(host_interval_s=0.0, retries=1, backoff_s=0.1, timeout_s=5))
    with serve_folder(folder / "feed", DEMO_PORTS, aliases) as base:
        sources = SourceService(app)
        feed = _ensure(
            sources,
            Source("demo-berita", "rss", f"{base}/rss.xml", {}, False, "verified", "umpan demo lokal"),
            actor,
        )
        page = _ensure(
            sources,
            Source(
                "demo-pengumuman",
                "page",
                f"{base}/pengumuman.html",
                {},
                False,
                "verified",
                "halaman demo lokal",
            ),
            actor,
        )
        runner = FeedRunner(app, fetcher)
        result = runner.run_source(feed)
        found["umpan berita demo"] = (
            f"{result.accepted} baru, {result.existing} sudah ada, {result.rejected} ditolak"
        )
        versions = PageWatch(app.db, fetcher).versions(page.url)
        for version in ("pengumuman-v1.html", "pengumuman-v2.html")[1 if versions else 0 :]:
            aliases["/pengumuman.html"] = folder / "pages" / version
            runner.run_source(page)
        stored = PageWatch(app.db, fetcher).versions(page.url)
        found["halaman dipantau: versi tersimpan"] = str(len(stored))
    fetcher.close()
    return found


def _ensure(service: SourceService, source: Source, actor: str) -> Source:
    """The demo source, re-pointed at this run's server when the port changed."""
    known = {s.name: s for s in service.all()}
    if source.name in known and known[source.name].url != source.url:
        service.remove(source.name, actor=actor)
    if source.name not in known or known[source.name].url != source.url:
        service.add(source, actor=actor)
    return source
