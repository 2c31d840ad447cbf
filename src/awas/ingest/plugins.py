"""The intake plug-in registries. Built-ins register exactly as a third-party package would
(entry-point groups `awas.importer` and `awas.feeder`), by dotted path, imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from awas.core.registry import Registry

if TYPE_CHECKING:
    from awas.ingest.feeders.base import Feeder
    from awas.ingest.importers.base import Importer

IMPORTERS: Registry[Importer] = Registry(
    "importer",
    {
        "jsonl": "awas.ingest.importers.jsonl_importer:JsonlImporter",
        "x": "awas.ingest.importers.x_importer:XImporter",
        "youtube": "awas.ingest.importers.youtube_importer:YoutubeImporter",
        "tiktok": "awas.ingest.importers.tiktok_importer:TiktokImporter",
        "telegram": "awas.ingest.importers.telegram_importer:TelegramImporter",
        "whatsapp": "awas.ingest.importers.whatsapp_importer:WhatsappImporter",
        "crowdtangle": "awas.ingest.importers.meta_csv_importer:MetaCsvImporter",
        "listening-csv": "awas.ingest.importers.listening_csv_importer:ListeningCsvImporter",
    },
)

FEEDERS: Registry[Feeder] = Registry(
    "feeder",
    {
        "rss": "awas.ingest.feeders.rss_feeder:RssFeeder",
        "page": "awas.ingest.feeders.page_feeder:PageFeeder",
        "youtube-search": "awas.ingest.feeders.youtube_search_feeder:YoutubeSearchFeeder",
        "x-search": "awas.ingest.feeders.x_search_feeder:XSearchFeeder",
    },
)
