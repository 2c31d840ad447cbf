"""Hand-made post streams for the coordination tests: one planted group per cluster kind."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from awas.app import App
from awas.coord.frame import number_rows, tidy_frame
from awas.store.tables import posts
from awas.timeutil import utcnow

T0 = 1_732_500_000  # 2024-11-25 02:00 UTC
COPY = (
    "Warga Jambi jangan lupa pilih paslon nomor dua yang sudah terbukti membangun desa kita "
    "bersama sama #Jambi #PilihNomorDua"
)
COPY_EDITS = [
    COPY,
    COPY.replace("jangan lupa", "jgn lupa") + " 🔥🔥",
    COPY.replace("membangun", "m3mb4ngun") + " 💪",
    "Ayo! " + COPY.replace("#PilihNomorDua", "#pilihnomordua"),
    COPY.replace("desa kita", "desa kite") + " 🙏",
]
COPY_2 = (
    "Bantuan sembako dari tim sukses sudah sampai di kecamatan kami terima kasih banyak bapak calon bupati"
)
ORGANIC = [
    "Makan siang di pasar angso duo enak sekali sambalnya pedas",
    "Hujan deras dari pagi jalan ke kantor banjir lagi",
    "Ada yang tahu jadwal kapal ke kuala tungkal besok pagi",
    "Harga cabai naik terus ibu ibu di pasar mengeluh",
    "Nonton bola semalam seru sekali timnas menang dua kosong",
    "Besok libur panjang mau ke danau kerinci sama keluarga",
    "Sinyal di kampung susah sekali mau kirim tugas sekolah",
    "Kopi liberika jambi memang mantap rasanya beda",
]


def post(
    post_id: str,
    author: str,
    t: int,
    text: str = "",
    *,
    urls: list[str] | None = None,
    hashtags: list[str] | None = None,
    repost_of: str | None = None,
    created: str | None = None,
) -> dict[str, Any]:
    from datetime import UTC, datetime

    when = datetime.fromtimestamp(t, tz=UTC).isoformat()
    record: dict[str, Any] = {
        "platform": "x",
        "post_id": post_id,
        "author_id": author,
        "author_handle": author,
        "text": text,
        "created_at": when,
        "urls": urls or [],
        "hashtags": hashtags or [],
    }
    if repost_of:
        record["repost_of"] = repost_of
    if created:
        record["author_created_at"] = created
    return record


def planted_stream() -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """Posts and, per kind, the accounts planted to co-act that way (each twice)."""
    rows: list[dict[str, Any]] = []
    groups = {
        "near_duplicate_text": {f"buzz{i}" for i in range(5)},
        "co_link": {f"link{i}" for i in range(4)},
        "co_hashtag": {f"tag{i}" for i in range(4)},
        "co_repost": {f"rt{i}" for i in range(4)},
    }
    for wave, base in enumerate((T0, T0 + 20_000)):
        for i in range(5):
            text = COPY_EDITS[i] if wave == 0 else f"{COPY_2} {'🔥' * i}"
            rows.append(
                post(f"c{wave}{i}", f"buzz{i}", base + 7 * i, text, created="2024-11-01T00:00:00+07:00")
            )
        for i in range(4):
            url = f"https://suara-rakyat.example/kabar-{wave}"
            rows.append(post(f"l{wave}{i}", f"link{i}", base + 40 + 5 * i, f"{ORGANIC[i]} {url}", urls=[url]))
            tags = ["JambiMaju", f"Gerakan{wave}", "SatuHati"]
            rows.append(post(f"h{wave}{i}", f"tag{i}", base + 90 + 4 * i, ORGANIC[i + 4], hashtags=tags))
            rows.append(post(f"r{wave}{i}", f"rt{i}", base + 130 + 3 * i, repost_of=f"target{wave}"))
    for j in range(40):  # organic: unique texts, scattered in time
        text = f"{ORGANIC[j % len(ORGANIC)]} hari ke {j} catatan {j * 7}"
        rows.append(post(f"o{j}", f"warga{j}", T0 + 900 * j, text))
    return rows, {k: {f"x:{a}" for a in v} for k, v in groups.items()}


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _utc(column: str) -> pl.Expr:
    return pl.col(column).str.to_datetime("%Y-%m-%dT%H:%M:%S%z", time_zone="UTC", time_unit="us")


def frame_of(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The engine frame of `post(...)` rows, built in memory (fast for the 500,000-row floods).

    Files go through the canonical reader (`read_posts_jsonl`); these rows are valid by construction.
    """
    raw = pl.DataFrame(rows, infer_schema_length=None)
    for column in ("repost_of", "reply_to", "author_created_at", "author_handle"):
        if column not in raw.columns:
            raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    frame = raw.select(
        pl.lit(0, dtype=pl.Int64).alias("pid"),
        "platform",
        "post_id",
        (pl.col("platform") + ":" + pl.col("author_id")).alias("account"),
        "author_handle",
        _utc("author_created_at").alias("author_created_at"),
        "text",
        _utc("created_at").dt.epoch("s").alias("t"),
        pl.col("urls").cast(pl.List(pl.String)),
        pl.col("hashtags").cast(pl.List(pl.String)),
        "repost_of",
        "reply_to",
    )
    return number_rows(tidy_frame(frame))


def store_frame(app: App, frame: pl.DataFrame) -> int:
    """Insert the frame's posts that the store does not hold yet (a test writer: the product's way in
    is intake); returns how many were inserted."""
    now = utcnow()
    with app.db.transaction() as conn:
        known = {(r.platform, r.post_id) for r in conn.execute(sa.select(posts.c.platform, posts.c.post_id))}
        rows = [
            _row(r, now) for r in frame.iter_rows(named=True) if (r["platform"], r["post_id"]) not in known
        ]
        for start in range(0, len(rows), 2_000):
            conn.execute(posts.insert(), rows[start : start + 2_000])
    return len(rows)


def _row(record: dict[str, Any], now: datetime) -> dict[str, Any]:
    raw = {k: v for k, v in record.items() if k not in ("pid", "t", "account", "author_created_at")}
    return {
        "platform": record["platform"],
        "post_id": record["post_id"],
        "author_id": record["account"].partition(":")[2],
        "author_handle": record["author_handle"],
        "author_created_at": record["author_created_at"],
        "text": record["text"],
        "created_at": datetime.fromtimestamp(record["t"], tz=UTC),
        "urls": record["urls"],
        "hashtags": record["hashtags"],
        "mentions": [],
        "repost_of": record["repost_of"],
        "reply_to": record["reply_to"],
        "media": [],
        "metrics": {},
        "raw": raw,
        "raw_sha256": hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest(),
        "ingested_at": now,
    }
