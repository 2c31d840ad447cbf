"""Chat exports (WhatsApp .txt/.zip, Telegram result.json), the local news feed and the watched page."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from scripts.ingest_samples.corpus import WIB, Builder

# A 1x1 pixel JPEG: stands in for a photo shared in a chat (no real image of anyone).
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100"
    "ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000"
    "017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a"
    "3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a9293949596"
    "9798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2"
    "f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)


def whatsapp_relawan(b: Builder, folder: Path) -> Path:
    """Indonesian Android export ("dd/mm/yy HH.MM - Nama: pesan") zipped with its photo."""
    start = datetime(2024, 11, 23, 19, 40)
    p = b.paslon[1]
    lines = [
        "23/11/24 19.38 - Pesan dan panggilan dienkripsi secara end-to-end. "
        "Tidak seorang pun di luar chat ini dapat membaca."
    ]
    for i, (who, text) in enumerate(b.texts["whatsapp_relawan"]):
        at = start + timedelta(minutes=47 * i)
        body = text.format(no=p.no)
        lines.append(f"{at:%d/%m/%y %H.%M} - {who}: {body}")
    txt = "Chat WhatsApp dengan Relawan Kecamatan Demo.txt"
    target = folder / "WhatsApp Chat - Relawan Kecamatan Demo.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(txt, "\n".join(lines) + "\n")
        archive.writestr("IMG-20241124-WA0007.jpg", TINY_JPEG)
    return target


def whatsapp_warga(b: Builder, folder: Path) -> Path:
    """English (US) Android export ("m/d/yy, h:mm AM - Name: message")."""
    start = datetime(2024, 11, 25, 8, 5)
    lines = [
        "11/25/24, 8:01 AM - Messages and calls are end-to-end encrypted. "
        "No one outside of this chat can read them."
    ]
    for i, (who, text) in enumerate(b.texts["whatsapp_warga"]):
        at = start + timedelta(minutes=93 * i)
        lines.append(
            f"{at.month}/{at.day}/{at:%y}, {at.hour % 12 or 12}:{at:%M} "
            f"{'PM' if at.hour >= 12 else 'AM'} - {who}: " + text.format(no=b.paslon[0].no)
        )
        if i == 2:
            lines.append("Mohon info ya bapak ibu")  # a message that continues on a second line
    target = folder / "WhatsApp Chat with Warga RT 05 Demo.txt"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def telegram(b: Builder, folder: Path) -> Path:
    channel = folder / "telegram"
    (channel / "photos").mkdir(parents=True, exist_ok=True)
    (channel / "photos" / "photo_1@27-11-2024_09-12-40.jpg").write_bytes(TINY_JPEG)
    start = datetime(2024, 11, 10, 9, 0, tzinfo=WIB)
    messages: list[dict[str, Any]] = [
        {
            "id": 1,
            "type": "service",
            "date": "2024-11-01T08:00:00",
            "date_unixtime": str(int(start.timestamp()) - 800000),
            "actor": "Info Pilkada Jambi (Demo)",
            "actor_id": "channel1987654321",
            "action": "create_channel",
            "title": "Info Pilkada Jambi (Demo)",
            "text": "",
            "text_entities": [],
        }
    ]
    for i, template in enumerate(b.texts["telegram_channel"], start=2):
        at = start + timedelta(days=2 * (i - 2), hours=i)
        text = b.fill(template, b.paslon[i % len(b.paslon)])
        message = {
            "id": i,
            "type": "message",
            "date": at.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(at.timestamp())),
            "from": "Info Pilkada Jambi (Demo)",
            "from_id": "channel1987654321",
            "text": _tg_text(text),
            "text_entities": _tg_entities(text),
        }
        if i == len(b.texts["telegram_channel"]) + 1:
            message.update(photo="photos/photo_1@27-11-2024_09-12-40.jpg", width=1, height=1)
        messages.append(message)
    doc = {
        "name": "Info Pilkada Jambi (Demo)",
        "type": "public_channel",
        "id": 1987654321,
        "messages": messages,
    }
    target = channel / "result.json"
    target.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def _tg_entities(text: str) -> list[dict[str, str]]:
    out = []
    for word in text.split(" "):
        kind = "hashtag" if word.startswith("#") else "link" if word.startswith("http") else "plain"
        out.append({"type": kind, "text": word})
    return out


def _tg_text(text: str) -> list[Any] | str:
    entities = _tg_entities(text)
    if all(e["type"] == "plain" for e in entities):
        return text
    parts: list[Any] = []
    for i, e in enumerate(entities):
        sep = " " if i < len(entities) - 1 else ""
        parts.append(e["text"] + sep if e["type"] == "plain" else {"type": e["type"], "text": e["text"]})
        if e["type"] != "plain" and sep:
            parts.append(sep)
    return parts


def news_feed(b: Builder, folder: Path) -> list[dict[str, Any]]:
    """rss.xml (links use {BASE}, filled in by the server that serves it) and one HTML page per article."""
    feed = folder / "feed"
    (feed / "berita").mkdir(parents=True, exist_ok=True)
    dates = [
        datetime(2024, 9, 22, 15, tzinfo=WIB),
        datetime(2024, 11, 12, 10, tzinfo=WIB),
        datetime(2024, 11, 24, 9, tzinfo=WIB),
        datetime(2024, 11, 20, 14, tzinfo=WIB),
        datetime(2024, 11, 27, 16, tzinfo=WIB),
        datetime(2024, 11, 26, 11, tzinfo=WIB),
    ]
    items, posts = [], []
    for i, (article, when) in enumerate(zip(b.texts["news"], dates, strict=True), start=1):
        slug = f"berita-{i:03d}"
        guid = f"urn:awas-demo:{slug}"
        page = (
            "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
            f"<title>{escape(article['title'])}</title></head>"
            f"<body><nav>Beranda | Politik | Daerah</nav><article><h1>{escape(article['title'])}</h1>"
            f"<p class='byline'>Redaksi Berita Demo Jambi</p><p>{escape(article['body'])}</p></article>"
            f"<footer>Berita Demo Jambi (sintetis)</footer></body></html>"
        )
        (feed / "berita" / f"{slug}.html").write_text(page, encoding="utf-8")
        items.append(
            f"<item><title>{escape(article['title'])}</title><link>{{BASE}}/berita/{slug}.html</link>"
            f'<guid isPermaLink="false">{guid}</guid><pubDate>{format_datetime(when)}</pubDate>'
            f"<description>{escape(article['body'][:160])}</description></item>"
        )
        posts.append(
            {
                "platform": "news",
                "post_id": guid,
                "author_id": "demo-berita",
                "author_handle": "demo-berita",
                "author_name": "Berita Demo Jambi",
                "text": f"{article['title']}\n\n{article['body']}",
                "created_at": when.astimezone(UTC).isoformat(),
                "url": f"https://berita.demo.invalid/berita/{slug}.html",
                "category": "news",
            }
        )
    rss = (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Berita Demo Jambi</title>"
        "<link>{BASE}/</link><description>Umpan berita sintetis untuk demo awas</description>"
        + "".join(items)
        + "</channel></rss>"
    )
    (feed / "rss.xml").write_text(rss, encoding="utf-8")
    return posts


def watched_pages(folder: Path) -> None:
    pages = folder / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    head = (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        "<title>Pengumuman KPU Kabupaten Demo</title></head><body>"
    )
    v1 = head + (
        "<h1>Pengumuman</h1><p>Daftar lokasi TPS Kecamatan Telanaipura telah ditetapkan.</p>"
        "<p>TPS 03 berlokasi di SD Negeri 12.</p>"
        "<p>Pemungutan suara 27 November 2024 pukul 07.00-13.00 WIB.</p></body></html>"
    )
    v2 = head + (
        "<h1>Pengumuman</h1><p>Daftar lokasi TPS Kecamatan Telanaipura telah ditetapkan.</p>"
        "<p>TPS 03 dipindahkan ke Balai Kelurahan karena banjir.</p>"
        "<p>Pemungutan suara 27 November 2024 pukul 07.00-13.00 WIB.</p>"
        "<script>var visits = 1;</script></body></html>"
    )
    (pages / "pengumuman-v1.html").write_text(v1, encoding="utf-8")
    (pages / "pengumuman-v2.html").write_text(v2, encoding="utf-8")
