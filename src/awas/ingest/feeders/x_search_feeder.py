"""Live X recent search (`kind: x-search`): API v2 `/2/tweets/search/recent` for `config.query`,
since the newest tweet id of the last run (`since_id`), following `next_token` pages. The bearer
token is read from the variable named by `config.key_env` (default AWAS_X_BEARER_TOKEN); `url` is
the API base (https://api.x.com, or a recorded-response server in tests)."""

from __future__ import annotations

from urllib.parse import urlencode

from awas.ingest.feeders.api_base import api_key, json_page
from awas.ingest.feeders.base import Cursor, Feeder, FeedResult
from awas.ingest.importers.x_importer import XImporter

MAX_PAGES = 5
FIELDS = {
    "tweet.fields": "created_at,author_id,lang,public_metrics,entities,referenced_tweets,attachments",
    "expansions": "author_id,attachments.media_keys",
    "user.fields": "username,name,created_at",
    "media.fields": "url,type,preview_image_url",
}


class XSearchFeeder(Feeder):
    kind = "x-search"

    def fetch(self, cursor: Cursor) -> FeedResult:
        token = api_key(self.source, "AWAS_X_BEARER_TOKEN")
        params = {
            "query": str(self.source.config.get("query", "pilkada jambi")),
            "max_results": "100",
            **FIELDS,
        }
        if cursor.position:
            params["since_id"] = cursor.position
        result = FeedResult(cursor)
        newest: str | None = None
        for _page_number in range(MAX_PAGES):
            url = f"{self.source.url.rstrip('/')}/2/tweets/search/recent?{urlencode(params)}"
            page = json_page(self.fetcher.get(url, headers={"Authorization": f"Bearer {token}"}))
            newest = newest or (page.get("meta") or {}).get("newest_id")
            if "data" in page:
                for item in XImporter().document(self.source.url, 0, page):
                    result.add(item)
            next_token = (page.get("meta") or {}).get("next_token")
            if not next_token:
                break
            params["next_token"] = str(next_token)
        result.cursor = cursor.after(position=newest or cursor.position)
        return result
