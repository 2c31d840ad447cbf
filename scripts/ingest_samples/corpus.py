"""The demo corpus as canonical post dicts: hand-written texts (texts.yaml) placed on fictional accounts,
platforms and times across the Jambi 2024 campaign, the quiet period and voting day. Deterministic."""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "src" / "awas" / "reference" / "data" / "jambi-2024"
WIB = timezone(timedelta(hours=7))
FOCUS = (
    "pilgub-15-2024",
    "pilwako-15.71-2024",
    "pilbup-15.05-2024",
    "pilbup-15.01-2024",
    "pilbup-15.09-2024",
)
PHASES = {
    "campaign": (datetime(2024, 9, 25, 7, tzinfo=WIB), datetime(2024, 11, 23, 22, tzinfo=WIB)),
    "quiet": (datetime(2024, 11, 24, 6, tzinfo=WIB), datetime(2024, 11, 26, 23, tzinfo=WIB)),
    "voting": (datetime(2024, 11, 27, 6, tzinfo=WIB), datetime(2024, 11, 27, 23, tzinfo=WIB)),
    "after": (datetime(2024, 11, 28, 7, tzinfo=WIB), datetime(2024, 12, 8, 21, tzinfo=WIB)),
}
FIRST = "Andi Budi Citra Dewi Eka Fajar Gita Hendra Indah Joko Kiki Lestari Made Nanda Okta Putri Rahmat Sari Taufik Umi Vina Wahyu Yogi Zainal Rina Dedi Fitri Agus Nurul Ilham".split()  # noqa: E501
LAST = "Saputra Lubis Harahap Siregar Pratama Wijaya Hasibuan Nasution Kurniawan Rahayu Putra Sari Hidayat Syahputra Maulana Ramadhan".split()  # noqa: E501
PLATFORM_WEIGHTS = {"facebook": 30, "instagram": 15, "x": 20, "tiktok": 15, "youtube": 10, "other": 10}


@dataclass(frozen=True)
class Paslon:
    id: str
    election: str
    no: int
    short: str
    kepala: str
    region: str


@dataclass(frozen=True)
class Account:
    platform: str
    id: str
    handle: str
    name: str


@dataclass
class Corpus:
    posts: list[dict[str, Any]] = field(default_factory=list)
    registry: list[dict[str, str]] = field(default_factory=list)
    texts: dict[str, Any] = field(default_factory=dict)


def display_name(raw: str) -> str:
    name = re.sub(r"\(.*?\)", " ", raw.split(",")[0])
    return " ".join(w.capitalize() for w in name.split() if not w.endswith(".")).strip()


def load_paslon() -> list[Paslon]:
    with (REF / "paslon.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["election_id"] in FOCUS and r["kolom_kosong"] == "false"]
    region = {e: e.split("-")[1] for e in FOCUS}
    return [
        Paslon(
            f"{r['election_id']}#{r['nomor_urut']}",
            r["election_id"],
            int(r["nomor_urut"]),
            r["short_name"],
            display_name(r["kepala"]),
            region[r["election_id"]],
        )
        for r in rows
    ]


def load_places() -> tuple[dict[str, list[str]], dict[str, str]]:
    """Kecamatan names per kab/kota code, and kab/kota display names."""
    places: dict[str, list[str]] = {}
    kab: dict[str, str] = {}
    with (REF / "wilayah.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["level"] == "kecamatan":
                places.setdefault(r["code"][:5], []).append(r["name"])
            elif r["level"] == "kabkota":
                kab[r["code"]] = r["name"].removeprefix("Kabupaten ")
    return places, kab


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(2024)
        self.paslon = load_paslon()
        self.places, self.kab = load_places()
        self.texts = yaml.safe_load((Path(__file__).parent / "texts.yaml").read_text(encoding="utf-8"))
        self.users = [self._user(i) for i in range(160)]
        self.corpus = Corpus(texts=self.texts)
        self.serial = 0

    def _user(self, i: int) -> dict[str, str]:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        return {
            "name": f"{first} {last}",
            "handle": f"{first.lower()}{last.lower()[:4]}{self.rng.randint(10, 99)}",
            "id": str(9_100_000_000 + i * 7919),
        }

    def account(self, platform: str, user: dict[str, str] | None = None) -> Account:
        user = user or self.rng.choice(self.users)
        return Account(
            platform, user["id"] if platform != "tiktok" else user["handle"], user["handle"], user["name"]
        )

    def when(self, phase: str) -> datetime:
        start, end = PHASES[phase]
        seconds = int((end - start).total_seconds())
        return (start + timedelta(seconds=self.rng.randint(0, seconds))).replace(microsecond=0)

    def fill(self, template: str, paslon: Paslon | None = None) -> str:
        p = paslon or self.rng.choice(self.paslon)
        region = p.region if len(p.region) > 2 else self.rng.choice([k for k in self.places if k in self.kab])
        values = {
            "paslon": p.short,
            "kepala": p.kepala,
            "wakil": p.kepala,
            "no": str(p.no),
            "place": self.rng.choice(self.places[region]),
            "kab": self.kab[region],
            "link": f"https://s.id/bukti-{p.no}{p.election[-9:-5].replace('.', '')}",
        }
        return template.format(**values)

    def add(
        self, category: str, text: str, account: Account, created: datetime, **extra: Any
    ) -> dict[str, Any]:
        self.serial += 1
        if account.platform == "other":
            created = created.replace(second=0)  # listening tools export minutes only
        post_id, url = platform_ids(account, self.serial)
        post = {
            "platform": account.platform,
            "post_id": post_id,
            "author_id": account.id,
            "author_handle": account.handle,
            "author_name": account.name,
            "text": text,
            "created_at": created.isoformat(),
            "url": url,
            "category": category,
            **extra,
        }
        self.corpus.posts.append(post)
        return post

    def platform(self) -> str:
        names = list(PLATFORM_WEIGHTS)
        return self.rng.choices(names, weights=[PLATFORM_WEIGHTS[n] for n in names])[0]


def platform_ids(account: Account, serial: int) -> tuple[str, str | None]:
    """Ids and links shaped like each platform's own (so the native exports map back to them)."""
    p, h = account.platform, account.handle
    if p == "x":
        pid = str(1_850_000_000_000_000_000 + serial * 1009)
        return pid, f"https://x.com/{h}/status/{pid}"
    if p == "facebook":
        pid = str(122_100_000_000_000 + serial * 17)
        return pid, f"https://www.facebook.com/{h}/posts/{pid}"
    if p == "instagram":
        pid = str(3_480_000_000_000_000_000 + serial * 31)
        return pid, f"https://www.instagram.com/p/DC{serial:05d}x/"
    if p == "tiktok":
        pid = str(7_430_000_000_000_000_000 + serial * 13)
        return pid, f"https://www.tiktok.com/@{h}/video/{pid}"
    if p == "youtube" and account.id.startswith("reg-"):
        pid = f"dmV{serial:08d}"
        return pid, f"https://www.youtube.com/watch?v={pid}"
    if p == "youtube":
        pid = f"UgzDemo{serial:06d}AaABAg"
        return pid, None
    return f"lst-{serial:06d}", f"https://forum.demo.invalid/t/{serial}"
