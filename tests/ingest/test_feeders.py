"""Every feeder against a real HTTP server on loopback, including servers that misbehave."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from awas.app import App
from awas.ingest.feeders.base import Cursor
from awas.ingest.feeders.rss_feeder import RssFeeder
from awas.ingest.feedrun import FeedRunner
from awas.ingest.fetcher import Fetcher, FetchError, FetchPolicy
from awas.ingest.quarantine import QuarantineView
from awas.ingest.records import Source
from awas.ingest.sources import SourceService, load_cursor
from tests.ingest.conftest import LoopbackServer

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Berita Uji</title>
<item><title>Debat Pilgub Jambi</title><link>{base}/a1.html</link><guid>{base}/a1.html</guid>
<pubDate>Mon, 25 Nov 2024 10:00:00 +0700</pubDate><description>Ringkasan debat</description></item>
<item><title>Bawaslu Awasi Masa Tenang</title><link>{base}/a2.html?utm_source=rss</link>
<guid isPermaLink="false">uji-2</guid>
<pubDate>Tue, 26 Nov 2024 09:00:00 +0700</pubDate><description>Ringkasan masa tenang</description></item>
</channel></rss>"""
ARTICLE = (
    "<html><head><title>{t}</title></head><body><nav>Menu</nav>"
    "<article><h1>{t}</h1><p>{p}</p></article></body></html>"
)
BODY = "Bawaslu Provinsi Jambi mengawasi seluruh tahapan pemungutan suara di sebelas kabupaten dan kota. " * 3


def _fast_fetcher(**changes: object) -> Fetcher:
    return Fetcher(
        FetchPolicy(**({"host_interval_s": 0.0, "backoff_s": 0.01, "timeout_s": 2.0, "retries": 2} | changes))
    )  # type: ignore[arg-type]


def _feed(server: LoopbackServer) -> None:
    server.static("/rss.xml", RSS.format(base=server.base), "application/rss+xml", ETag='"v1"')
    server.static("/a1.html", ARTICLE.format(t="Debat Pilgub Jambi", p=BODY))
    server.static("/a2.html", ARTICLE.format(t="Bawaslu Awasi Masa Tenang", p=BODY))


def _source(server: LoopbackServer, path: str = "/rss.xml", kind: str = "rss", **config: object) -> Source:
    return Source("uji", kind, server.base + path, dict(config))


def test_rss_feeder_extracts_full_articles_and_keeps_a_cursor(app: App, http_server: LoopbackServer) -> None:
    _feed(http_server)
    feeder = RssFeeder(_source(http_server), _fast_fetcher(), app.db)
    result = feeder.fetch(Cursor())
    assert [p.post_id for p in result.posts] == [f"{http_server.base}/a1.html", "uji-2"]
    assert (
        "sebelas kabupaten" in result.posts[0].text and result.posts[0].raw["extraction"] == "artikel lengkap"
    )
    assert result.cursor.etag == '"v1"' and result.cursor.position == "2024-11-26T02:00:00+00:00"
    again = feeder.fetch(result.cursor)
    assert again.not_modified and http_server.requests[-1][1]["if-none-match"] == '"v1"'


def test_entries_older_than_the_cursor_are_not_fetched_again(app: App, http_server: LoopbackServer) -> None:
    _feed(http_server)
    feeder = RssFeeder(_source(http_server), _fast_fetcher(), app.db)
    result = feeder.fetch(Cursor(position="2024-11-25T05:00:00+00:00"))
    assert [p.post_id for p in result.posts] == ["uji-2"]
    assert http_server.hits("/a1.html") == 0


def test_robots_txt_is_obeyed(app: App, http_server: LoopbackServer) -> None:
    _feed(http_server)
    http_server.static("/robots.txt", "User-agent: *\nDisallow: /rss.xml\n", "text/plain")
    with pytest.raises(FetchError, match="robots.txt"):
        RssFeeder(_source(http_server), _fast_fetcher(), app.db).fetch(Cursor())
    assert http_server.hits("/rss.xml") == 0


def test_server_errors_are_retried_with_backoff(app: App, http_server: LoopbackServer) -> None:
    _feed(http_server)
    calls = {"n": 0}
    good = http_server.routes["/rss.xml"]

    def flaky(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        calls["n"] += 1
        return (503, {"Retry-After": "0"}, b"sibuk") if calls["n"] < 3 else good(handler)

    http_server.routes["/rss.xml"] = flaky
    slept: list[float] = []
    fetcher = _fast_fetcher(retries=3)
    fetcher.sleep = slept.append
    result = RssFeeder(_source(http_server), fetcher, app.db).fetch(Cursor())
    assert len(result.posts) == 2 and calls["n"] == 3
    assert slept[:2] == [0.01, 0.02]


def test_per_host_rate_limit_spaces_requests(http_server: LoopbackServer) -> None:
    http_server.static("/p", "ok")
    fetcher = _fast_fetcher(host_interval_s=0.3)
    start = time.monotonic()
    for _ in range(3):
        fetcher.get(http_server.base + "/p")
    assert time.monotonic() - start >= 0.6


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("redirect_loop", "terlalu banyak pengalihan"),
        ("html", "bukan umpan RSS/Atom (halaman HTML)"),
        ("timeout", "batas waktu habis"),
        ("not_found", "HTTP 404"),
        ("too_big", "lebih dari"),
    ],
)
def test_misbehaving_feeds_are_quarantined_and_the_run_goes_on(
    app: App, http_server: LoopbackServer, setup: str, reason: str
) -> None:
    _feed(http_server)
    bad = "/bad.xml"
    if setup == "redirect_loop":
        http_server.routes[bad] = lambda _h: (302, {"Location": bad + "?again"}, b"")
    elif setup == "html":
        http_server.static(bad, "<html><body><h1>Halaman depan</h1></body></html>", "text/html")
    elif setup == "timeout":
        http_server.routes[bad] = lambda _h: (time.sleep(1.5), (200, {}, b"<rss/>"))[1]  # type: ignore[func-returns-value]
    elif setup == "too_big":
        http_server.static(bad, b"<rss>" + b" " * (2 * 1024 * 1024), "application/rss+xml")
    service = SourceService(app)
    service.add(Source("rusak", "rss", http_server.base + bad), actor="test")
    service.add(Source("sehat", "rss", http_server.base + "/rss.xml"), actor="test")
    runner = FeedRunner(app, _fast_fetcher(timeout_s=0.5, retries=1, max_bytes=1024 * 1024))
    results = {r.source: r for r in runner.run_once()}
    assert results["rusak"].rejected == 1 and reason in results["rusak"].problems[0].reason
    assert results["sehat"].accepted == 2
    assert load_cursor(app.db, "rusak") == Cursor(last_fetch_at=load_cursor(app.db, "rusak").last_fetch_at)
    assert QuarantineView(app).count("rusak") == 1
    again = {r.source: r for r in runner.run_once()}
    assert again["sehat"].accepted == 0 and QuarantineView(app).count("rusak") == 2


def test_watched_page_stores_each_changed_version_with_a_diff(app: App, http_server: LoopbackServer) -> None:
    page = (
        "<html><head><title>KPU</title></head><body><p>TPS 03 di SD 12.</p><p>Jam 07.00</p>"
        "<script>x=1</script></body></html>"
    )
    http_server.static("/kpu.html", page)
    service = SourceService(app)
    service.add(Source("kpu", "page", http_server.base + "/kpu.html"), actor="test")
    runner = FeedRunner(app, _fast_fetcher())
    first = runner.run_once("kpu")[0]
    same = runner.run_once("kpu")[0]
    http_server.static("/kpu.html", page.replace("TPS 03 di SD 12.", "TPS 03 pindah ke balai desa."))
    changed = runner.run_once("kpu")[0]
    assert (first.accepted, same.accepted, changed.accepted) == (1, 0, 1)
    from awas.ingest.pagewatch import PageWatch

    versions = PageWatch(app.db, _fast_fetcher()).versions(http_server.base + "/kpu.html")
    assert [v.version for v in versions] == [1, 2]
    assert "-TPS 03 di SD 12." in versions[1].diff and "+TPS 03 pindah ke balai desa." in versions[1].diff
    assert "x=1" not in versions[0].text and versions[0].title == "KPU"


def test_youtube_search_collector_reads_recorded_responses(
    app: App, http_server: LoopbackServer, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    page = json.loads((samples / "youtube_videos.json").read_text())
    search = {
        "kind": "youtube#searchListResponse",
        "items": [
            {
                "kind": "youtube#searchResult",
                "id": {"kind": "youtube#video", "videoId": v["id"]},
                "snippet": v["snippet"],
            }
            for v in page["items"]
        ],
    }
    http_server.json("/youtube/v3/search", search)
    monkeypatch.setenv("AWAS_YOUTUBE_API_KEY", "kunci-uji")
    SourceService(app).add(
        Source("yt", "youtube-search", http_server.base, {"query": "pilkada jambi"}), actor="test"
    )
    result = FeedRunner(app, _fast_fetcher(respect_robots=False)).run_once("yt")[0]
    assert result.accepted == len(page["items"]) and result.rejected == 0
    path, headers = http_server.requests[-1]
    assert "key=kunci-uji" in path and "q=pilkada+jambi" in path
    newest = max(v["snippet"]["publishedAt"] for v in page["items"])
    assert load_cursor(app.db, "yt").position == newest
    FeedRunner(app, _fast_fetcher(respect_robots=False)).run_once("yt")
    assert f"publishedAfter={newest.replace(':', '%3A')}" in http_server.requests[-1][0]


def test_x_recent_search_collector_pages_and_remembers_since_id(
    app: App, http_server: LoopbackServer, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    pages = [json.loads(line) for line in (samples / "x_recent_search.jsonl").read_text().splitlines()]
    first, second = dict(pages[0]), dict(pages[1])
    first["meta"] = first["meta"] | {"next_token": "hal2"}
    http_server.routes["/2/tweets/search/recent"] = lambda h: (
        200,
        {"Content-Type": "application/json"},
        json.dumps(second if "next_token=hal2" in h.path else first).encode(),
    )
    monkeypatch.setenv("AWAS_X_BEARER_TOKEN", "token-uji")
    SourceService(app).add(
        Source("xs", "x-search", http_server.base, {"query": "#PilkadaJambi"}), actor="test"
    )
    result = FeedRunner(app, _fast_fetcher(respect_robots=False)).run_once("xs")[0]
    assert result.accepted == len(first["data"]) + len(second["data"])
    assert http_server.requests[-1][1]["authorization"] == "Bearer token-uji"
    assert load_cursor(app.db, "xs").position == first["meta"]["newest_id"]


def test_a_collector_without_its_key_is_quarantined(app: App, http_server: LoopbackServer) -> None:
    SourceService(app).add(
        Source("xs", "x-search", http_server.base, {"key_env": "AWAS_TIDAK_ADA"}), actor="test"
    )
    result = FeedRunner(app, _fast_fetcher()).run_once("xs")[0]
    assert result.rejected == 1 and "AWAS_TIDAK_ADA" in result.problems[0].reason
