"""Test sets for NIK detection: valid NIKs (built from the bundled Jambi kecamatan codes, real
calendar dates, women's day + 40) written in every grouping, and 16-digit numbers that are not NIKs:
phone numbers, bank accounts and virtual accounts, order and invoice ids, card numbers, and numbers
built to look like a NIK but broken in one part (unknown kecamatan, impossible date, serial 0000)."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from awas.reference.package import bundled_package_dir


def jambi_kecamatan() -> list[str]:
    with (bundled_package_dir() / "wilayah.csv").open(encoding="utf-8") as handle:
        return [r["code"].replace(".", "") for r in csv.DictReader(handle) if r["level"] == "kecamatan"]


def make_nik(rng: random.Random, kecamatan: list[str]) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 66))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return (
        f"{rng.choice(kecamatan)}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 10000):04d}"
    )


def grouped(nik: str, style: int) -> str:
    """The same NIK written as people write it."""
    return [
        nik,
        " ".join(nik[i : i + 4] for i in range(0, 16, 4)),
        f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}",
        f"{nik[:6]} {nik[6:12]} {nik[12:]}",
        f"{nik[:6]}-{nik[6:12]}-{nik[12:]}",
        ".".join(nik[i : i + 4] for i in range(0, 16, 4)),
    ][style % 6]


def valid_niks(n: int = 300, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    kec = jambi_kecamatan()
    return [make_nik(rng, kec) for _ in range(n)]


def luhn_card(rng: random.Random, prefix: str) -> str:
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(15 - len(prefix)))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def not_niks(seed: int = 11) -> list[str]:
    """(text) snippets, each holding a 16-digit number that is not a NIK."""
    rng = random.Random(seed)
    kec = jambi_kecamatan()
    digits = lambda k: "".join(str(rng.randrange(10)) for _ in range(k))  # noqa: E731
    out: list[str] = []
    for _ in range(40):
        out.append(f"Hubungi WA +62 {digits(3)}-{digits(4)}-{digits(4)}-{digits(2)} ya")  # 16 digits with 62
        out.append(f"telp 0{digits(15)}")
        out.append(f"No. rek BNI {digits(16)} a/n Budi")
        out.append(f"transfer ke VA 8808{digits(12)}")
        out.append(
            f"Pesanan 24{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{digits(10)} sudah dikirim"
        )
        out.append(f"INV/20241127/{digits(16)}")
        out.append(f"kartu {luhn_card(rng, rng.choice(['4', '51', '52', '53']))}")
    for _ in range(60):  # look like NIKs, broken in one part
        k = rng.choice(kec)
        serial = f"{rng.randrange(1, 9999):04d}"
        out.append(f"kode {k}{rng.randrange(32, 41)}{rng.randrange(1, 13):02d}{digits(2)}{serial}")
        out.append(f"kode {k}{rng.randrange(1, 29):02d}{rng.randrange(13, 99):02d}{digits(2)}{serial}")
        out.append(f"kode {k}{rng.randrange(1, 29):02d}{rng.randrange(1, 13):02d}{digits(2)}0000")
        out.append(
            f"kode 1599{digits(2)}{rng.randrange(1, 29):02d}{rng.randrange(1, 13):02d}{digits(2)}{digits(4)}"
        )
        out.append(f"no rekening {make_nik(rng, kec)}")  # NIK-shaped, but labelled a bank account
        out.append(f"order id {make_nik(rng, kec)}")
    return out


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path
