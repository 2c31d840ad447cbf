"""Live YouTube search (`kind: youtube-search`): the Data API v3 `search.list` for the source's query
(`config.query`), newest first, only videos published after the cursor. The API key is read from the
environment variable named by `config.key_env` (default AWAS_YOUTUBE_API_KEY); `url` is the API
base (https://www.googleapis.com, or a recorded-response server in tests)."""

from __future__ import annotations

from urllib.parse import urlencode

from awas.ingest.feeders.api_base import api_key, json_page
from awas.ingest.feeders.base import Cursor, Feeder, FeedResult
from awas.ingest.importers.youtube_importer import YoutubeImporter

MAX_PAGES = 5


class YoutubeSearchFeeder(Feeder):
    kind = "youtube-search"

    def fetch(self, cursor: Cursor) -> FeedResult:
        key = api_key(self.source, "AWAS_YOUTUBE_API_KEY")
        params = {
            "part": "snippet",
            "type": "video",
            "order": "date",
            "maxResults": "50",
            "q": str(self.source.config.get("query", "pilkada jambi")),
            "key": key,
        }
        if cursor.position:
            params["publishedAfter"] = cursor.position
        result = FeedResult(cursor)
        reader = YoutubeImporter()
        for _page_number in range(MAX_PAGES):
            page = json_page(
                self.fetcher.get(f"{self.source.url.rstrip('/')}/youtube/v3/search?{urlencode(params)}")
            )
            for item in reader.document(self.source.url, 0, page):
                result.add(item)
            if not page.get("nextPageToken"):
                break
            params["pageToken"] = str(page["nextPageToken"])
        newest = max((p.created_at for p in result.posts), default=None)
        if newest:
            result.cursor = cursor.after(position=newest.strftime("%Y-%m-%dT%H:%M:%SZ"))
        return result
