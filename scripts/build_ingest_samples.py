"""Build the demo corpus of awas.ingest (src/awas/ingest/samples/): hand-written synthetic posts about the
Jambi 2024 Pilkada as canonical JSONL plus sample exports in every platform format, the campaign account
registry, a local news feed and a watched page.

    .venv/bin/python scripts/build_ingest_samples.py

Deterministic (seeded): running it again rewrites the same files. The texts are in
scripts/ingest_samples/texts.yaml; see src/awas/ingest/samples/README.md for what the corpus contains.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from awas.ingest.canonical import post_to_record  # noqa: E402
from awas.ingest.importers.telegram_importer import TelegramImporter  # noqa: E402
from awas.ingest.importers.whatsapp_importer import WhatsappImporter  # noqa: E402
from awas.ingest.records import Rejection  # noqa: E402
from scripts.ingest_samples import chats, exports  # noqa: E402
from scripts.ingest_samples.scenes import build  # noqa: E402

OUT = ROOT / "src" / "awas" / "ingest" / "samples"
MAPPING = """# Column mapping for listening_export.csv (a social-listening tool's CSV export; semicolons).
delimiter: ";"
encoding: utf-8
timezone: Asia/Jakarta          # the tool writes local WIB times without an offset
time_format: "%d.%m.%Y %H:%M"
platform:
  column: Source
  values: {twitter: x, facebook: facebook, instagram: instagram, tiktok: tiktok, youtube: youtube}
  default: other
columns:
  post_id: ID
  author_id: Author
  author_name: Author name
  text: Content
  created_at: Date
  url: URL
metrics: {likes: Likes, shares: Shares, views: Reach}
"""


def chat_posts(path: Path, importer: Any, category: str) -> list[dict[str, Any]]:
    found = []
    for positioned in importer.items(path, 0):
        if isinstance(positioned.item, Rejection):
            raise SystemExit(f"sample export does not import: {positioned.item}")
        found.append(post_to_record(positioned.item) | {"category": category})
    return found


def main() -> None:
    b = build()
    posts = b.corpus.posts
    by = {
        p: [x for x in posts if x["platform"] == p]
        for p in ("x", "youtube", "tiktok", "facebook", "instagram", "other")
    }
    exports.write_x(by["x"], OUT / "x_recent_search.jsonl")
    exports.write_youtube(by["youtube"], OUT / "youtube_videos.json", OUT / "youtube_comments.json")
    exports.write_tiktok(by["tiktok"], OUT / "tiktok_videos.json")
    exports.write_crowdtangle(by["facebook"], OUT / "crowdtangle_facebook.csv")
    exports.write_mcl(by["instagram"], OUT / "meta_content_library_instagram.csv")
    exports.write_listening(by["other"], OUT / "listening_export.csv")
    (OUT / "listening-mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (OUT / "whatsapp").mkdir(exist_ok=True)
    relawan = chats.whatsapp_relawan(b, OUT / "whatsapp")
    warga = chats.whatsapp_warga(b, OUT / "whatsapp")
    telegram = chats.telegram(b, OUT)
    posts += chat_posts(relawan, WhatsappImporter(), "chat:whatsapp")
    posts += chat_posts(warga, WhatsappImporter(), "chat:whatsapp")
    posts += chat_posts(telegram, TelegramImporter(), "chat:telegram")
    posts += chats.news_feed(b, OUT)
    chats.watched_pages(OUT)
    posts.sort(key=lambda p: (p["created_at"], p["post_id"]))
    with (OUT / "posts.jsonl").open("w", encoding="utf-8") as fh:
        for post in posts:
            fh.write(json.dumps({k: v for k, v in post.items() if v is not None}, ensure_ascii=False) + "\n")
    with (OUT / "campaign_accounts.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(b.corpus.registry[0]))
        writer.writeheader()
        writer.writerows(b.corpus.registry)
    counts: dict[str, int] = {}
    for post in posts:
        counts[post["category"].split(":")[0]] = counts.get(post["category"].split(":")[0], 0) + 1
    print(f"{len(posts)} posts, {len(b.corpus.registry)} registered accounts: {counts}")


if __name__ == "__main__":
    main()
