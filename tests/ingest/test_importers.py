"""Every platform importer on realistic sample files in its real format, and on broken ones."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from awas.domain.posts import Post
from awas.errors import InputError
from awas.ingest.importers.base import Importer
from awas.ingest.importers.listening_csv_importer import ListeningCsvImporter
from awas.ingest.importers.meta_csv_importer import MetaCsvImporter
from awas.ingest.importers.telegram_importer import TelegramImporter
from awas.ingest.importers.tiktok_importer import TiktokImporter
from awas.ingest.importers.whatsapp_importer import WhatsappImporter
from awas.ingest.importers.x_importer import XImporter
from awas.ingest.importers.youtube_importer import YoutubeImporter
from awas.ingest.records import Rejection


def _read(importer: Importer, path: Path) -> tuple[list[Post], list[Rejection]]:
    items = [p.item for p in importer.items(path, 0)]
    return [i for i in items if isinstance(i, Post)], [i for i in items if isinstance(i, Rejection)]


def _canonical(samples: Path) -> dict[tuple[str, str], dict[str, object]]:
    rows = [json.loads(line) for line in (samples / "posts.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(r["platform"], r["post_id"]): r for r in rows}


@pytest.mark.parametrize(
    ("name", "importer"),
    [
        ("x_recent_search.jsonl", XImporter()),
        ("youtube_videos.json", YoutubeImporter()),
        ("youtube_comments.json", YoutubeImporter()),
        ("tiktok_videos.json", TiktokImporter()),
        ("crowdtangle_facebook.csv", MetaCsvImporter()),
        ("meta_content_library_instagram.csv", MetaCsvImporter()),
        ("telegram/result.json", TelegramImporter()),
        ("whatsapp/WhatsApp Chat - Relawan Kecamatan Demo.zip", WhatsappImporter()),
        ("whatsapp/WhatsApp Chat with Warga RT 05 Demo.txt", WhatsappImporter()),
    ],
)
def test_sample_exports_map_to_the_same_posts_as_the_canonical_corpus(
    samples: Path, name: str, importer: Importer
) -> None:
    posts, rejections = _read(importer, samples / name)
    assert posts and not rejections
    canonical = _canonical(samples)
    for post in posts:
        expected = canonical[(post.platform, post.post_id)]
        assert post.text == expected["text"]
        assert post.created_at.isoformat() == _utc_iso(str(expected["created_at"]))
        assert post.author_id == expected["author_id"]


def _utc_iso(text: str) -> str:
    from awas.timeutil import parse_aware

    return parse_aware(text).isoformat()


def test_listening_csv_with_its_mapping(samples: Path) -> None:
    posts, rejections = _read(
        ListeningCsvImporter(mapping=samples / "listening-mapping.yaml"), samples / "listening_export.csv"
    )
    assert posts and not rejections
    assert {p.platform for p in posts} == {"other"}
    assert all(p.created_at.tzinfo is not None and p.metrics.get("likes") is not None for p in posts)


def test_x_pages_resolve_authors_references_and_metrics(tmp_path: Path) -> None:
    page = {
        "data": [
            {
                "id": "20",
                "text": "RT @a: coblos no 2 https://t.co/x",
                "author_id": "7",
                "lang": "in",
                "created_at": "2024-11-25T14:03:00.000Z",
                "referenced_tweets": [{"type": "retweeted", "id": "19"}],
                "entities": {
                    "urls": [{"url": "https://t.co/x", "expanded_url": "https://s.id/abc"}],
                    "mentions": [{"username": "a"}],
                },
                "public_metrics": {
                    "like_count": 3,
                    "retweet_count": 1,
                    "reply_count": 0,
                    "impression_count": 50,
                },
            },
            {"id": "21", "author_id": "7", "created_at": "2024-11-25T14:03:00.000Z"},
        ],
        "includes": {
            "users": [
                {
                    "id": "7",
                    "username": "warga_jambi",
                    "name": "Warga",
                    "created_at": "2024-11-01T00:00:00.000Z",
                }
            ]
        },
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps(page))
    posts, rejections = _read(XImporter(), path)
    assert posts[0].author_handle == "warga_jambi" and posts[0].repost_of == "19" and posts[0].lang == "id"
    assert posts[0].urls == ("https://s.id/abc",) and posts[0].metrics == {
        "likes": 3,
        "shares": 1,
        "comments": 0,
        "views": 50,
    }
    assert rejections[0].field == "text"


def test_whatsapp_reads_indonesian_and_english_headers_multiline_and_attachments(
    samples: Path, tmp_path: Path
) -> None:
    posts, _ = _read(WhatsappImporter(), samples / "whatsapp" / "WhatsApp Chat with Warga RT 05 Demo.txt")
    assert posts[2].text == "Ada yang tau undangan nyoblos belum sampai?\nMohon info ya bapak ibu"
    assert posts[0].created_at.isoformat() == "2024-11-25T01:05:00+00:00"  # 8:05 AM WIB
    zipped, _ = _read(WhatsappImporter(), samples / "whatsapp" / "WhatsApp Chat - Relawan Kecamatan Demo.zip")
    photo = next(p for p in zipped if p.media and p.media[0].get("sha256"))
    assert photo.text == "Daftar nama warga RT 05 yang sudah setuju" and photo.media[0]["type"] == "image"
    omitted = next(p for p in zipped if p.media and "missing" in p.media[0])
    assert omitted.text == ""
    ios = tmp_path / "ios.txt"
    ios.write_text(
        "[25/11/24 21.03.12] Ani: <attached: 00000012-PHOTO-2024-11-25-21-03-12.jpg>\n"
        "[25/11/24 21.04.00] Ani: halo\n"
    )
    posts, _ = _read(WhatsappImporter(), ios)
    assert posts[0].media[0]["missing"] and posts[1].created_at.isoformat() == "2024-11-25T14:04:00+00:00"


def test_whatsapp_ids_are_stable_across_a_longer_export(tmp_path: Path) -> None:
    short = tmp_path / "a.txt"
    short.write_text("25/11/24 21.03 - Ani: halo\n25/11/24 21.03 - Ani: halo\n", encoding="utf-8")
    longer = tmp_path / "b.txt"
    longer.write_text(short.read_text() + "25/11/24 21.05 - Budi: ya\n", encoding="utf-8")
    first = [p.post_id for p in _read(WhatsappImporter(chat="grup"), short)[0]]
    second = [p.post_id for p in _read(WhatsappImporter(chat="grup"), longer)[0]]
    assert len(set(first)) == 2 and second[:2] == first


def test_telegram_without_unix_times_reads_the_given_zone_and_says_so(tmp_path: Path) -> None:
    doc = {
        "name": "Grup",
        "type": "private_group",
        "id": 5,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date": "2024-11-25T21:03:00",
                "from": "Ani",
                "from_id": "user1",
                "text": [
                    "Lihat ",
                    {"type": "link", "text": "https://s.id/x"},
                    " ",
                    {"type": "hashtag", "text": "#Jambi"},
                ],
                "text_entities": [{"type": "link", "text": "https://s.id/x"}],
                "photo": "../../etc/passwd",
            },
            {"id": 2, "type": "message", "date": "kemarin", "from": "Ani", "from_id": "user1", "text": "x"},
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc))
    posts, rejections = _read(TelegramImporter(), path)
    assert (
        posts[0].created_at.isoformat() == "2024-11-25T14:03:00+00:00"
        and posts[0].raw["assumed_timezone"] == "Asia/Jakarta"
    )
    assert posts[0].text == "Lihat https://s.id/x #Jambi" and posts[0].hashtags == ("Jambi",)
    assert "refused" in posts[0].media[0]
    assert rejections[0].field == "date"


def test_crowdtangle_times_with_zone_abbreviations_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "ct.csv"
    path.write_text(
        "Page Name,User Name,Facebook Id,Post Created,URL,Message,Likes\n"
        "Warga,warga,100,2024-11-25 21:03:00 WIB,https://www.facebook.com/warga/posts/123456789,Halo,5\n"
        "Warga,warga,100,2024-11-25 21:03:00,https://www.facebook.com/warga/posts/223456789,Tanpa zona,5\n"
        "Warga,warga,100,2024-11-25 09:03:00 EST,https://www.instagram.com/p/ABCdef/,IG,1\n",
        encoding="utf-8",
    )
    posts, rejections = _read(MetaCsvImporter(), path)
    assert [(p.platform, p.post_id) for p in posts] == [("facebook", "123456789"), ("instagram", "ABCdef")]
    assert posts[0].created_at.isoformat() == "2024-11-25T14:03:00+00:00"
    assert rejections[0].line == 3


@pytest.mark.parametrize(
    ("importer", "content", "reason"),
    [
        (XImporter(), "{broken", "JSON tidak valid"),
        (YoutubeImporter(), '{"kind": "youtube#videoListResponse"}', "bukan respons YouTube"),
        (
            TiktokImporter(),
            '{"data": {"videos": [{"id": 1, "username": "a", "create_time": "kemarin"}]}}',
            "create_time",
        ),
        (TelegramImporter(), '{"name": "x"}', "bukan ekspor Telegram"),
        (MetaCsvImporter(), "kolom,lain\n1,2\n", "bukan tata letak"),
    ],
)
def test_broken_exports_say_what_is_wrong(
    tmp_path: Path, importer: Importer, content: str, reason: str
) -> None:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    try:
        _, rejections = _read(importer, path)
    except InputError as exc:
        assert reason in str(exc)
    else:
        assert rejections and reason in rejections[0].reason


def test_binary_and_utf16_exports_are_refused_whole(tmp_path: Path) -> None:
    binary = tmp_path / "x.json"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="biner"):
        _read(XImporter(), binary)
    utf16 = tmp_path / "c.csv"
    utf16.write_text("Page Name,URL\n", encoding="utf-16")
    with pytest.raises(InputError, match="UTF-16"):
        _read(MetaCsvImporter(), utf16)


def test_a_whatsapp_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "WhatsApp Chat - bom.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("chat.txt", "25/11/24 21.03 - Ani: halo\n")
        archive.writestr("IMG-1.jpg", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb|batas ukuran"):
        _read(WhatsappImporter(), bomb)


def test_a_zip_with_climbing_paths_is_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../../keluar.txt", "25/11/24 21.03 - Ani: halo\n")
    with pytest.raises(InputError, match="jalur berbahaya"):
        _read(WhatsappImporter(), evil)


@pytest.mark.parametrize(
    ("mapping", "field"),
    [
        ("platform: {value: x}\ncolumns: {author_id: A, text: T}\n", "created_at"),
        ("platform: {value: myspace}\ncolumns: {author_id: A, text: T, created_at: D, url: U}\n", "myspace"),
        (
            "platform: {value: x}\ncolumns: {author_id: A, text: T, created_at: D, url: U, warna: W}\n",
            "warna",
        ),
        ("platform: [\n", "tidak dapat dibaca"),
    ],
)
def test_a_broken_mapping_file_is_refused_before_reading_rows(
    tmp_path: Path, mapping: str, field: str
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(mapping)
    with pytest.raises(InputError) as raised:
        ListeningCsvImporter(mapping=path)
    assert field in str(raised.value) and str(path) in str(raised.value)


def test_listening_rows_with_missing_columns_or_bad_times_are_rejected(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("platform: {value: x}\ncolumns: {post_id: ID, author_id: A, text: T, created_at: D}\n")
    csv_path = tmp_path / "e.csv"
    csv_path.write_text(
        "ID,A,T,D\n1,ani,halo,2024-11-25T21:03:00+07:00\n"
        "2,,x,2024-11-25T21:03:00+07:00\n3,ani,y,2024-11-25 21:03\n"
    )
    posts, rejections = _read(ListeningCsvImporter(mapping=mapping), csv_path)
    assert [p.post_id for p in posts] == ["1"]
    assert [(r.line, r.field) for r in rejections] == [(3, "author_id"), (4, "created_at")]
    wrong = tmp_path / "w.csv"
    wrong.write_text("ID,Penulis\n1,ani\n")
    with pytest.raises(InputError, match="kolom tidak ada di CSV"):
        _read(ListeningCsvImporter(mapping=mapping), wrong)
