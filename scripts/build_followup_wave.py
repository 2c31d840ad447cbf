"""Build src/awas/ingest/samples/followup_wave.jsonl: the second wave of the demo corpus's three planted
coordinated campaigns (hand-made synthetic data, like the corpus).

    .venv/bin/python scripts/build_followup_wave.py

Real buzzer networks strike repeatedly; `awas coord` links accounts that co-act on two or more
distinct items (a one-off burst is not separable from a viral moment). The corpus's campaigns
(`posts.jsonl`, category `coordinated:<name>`) are one wave each, so this file adds one more per
campaign: the same accounts, in the same order and spacing, a day or two later, with a new edited
message, link or hashtag set. Deterministic: running it again writes the same file.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "awas" / "ingest" / "samples"
ID_OFFSET = 900_000_000  # numeric post ids of the second wave: the first wave's id plus this

WAVES: dict[str, dict[str, Any]] = {
    "narasi-curang": {
        "later": timedelta(days=1, hours=18, minutes=30),
        "texts": [
            "Bukti kecurangan di {kab}: suara paslon nomor {no} digelembungkan di rekap kecamatan, "
            "KPU diam saja. Usut tuntas! #JambiMenolakCurang",
            "Bukti kecurangan di {kab}!! suara paslon nomor {no} digelembungkan di rekap kecamatan, "
            "KPU diam saja. USUT TUNTAS! #JambiMenolakCurang",
            "bukti kecurangan di {kab}. suara paslon nomor {no} digelembungkan di rekap kecamatan, "
            "kpu diam saja. usut tuntas #JambiMenolakCurang",
            "Bukti kecurangan di {kab}: suara nomor {no} digelembungkan di rekap kecamatan, KPU diam saja. "
            "Usut tuntas! #JambiMenolakCurang",
            "Ini bukti kecurangan di {kab}: suara paslon nomor {no} digelembungkan di rekap kecamatan, "
            "KPU diam saja. Sebarkan! #JambiMenolakCurang",
        ],
    },
    "tautan-video": {
        "later": timedelta(days=1, hours=21, minutes=40),
        "link": "https://s.id/bukti-2502",
        "texts": [
            "Part 2 wajib tonton! Kinerja nyata {paslon} {link}",
            "Lanjutan bukti kinerja {paslon}, tonton sampai habis {link}",
            "Sebelum nyoblos tonton part 2 ini {link}",
            "Part 2! {link} #Menang{no}",
        ],
    },
    "tagar-serentak": {
        "later": timedelta(days=1, hours=6, minutes=45),
        "texts": [
            "Jangan pilih pembohong, Jambi layak dapat pemimpin jujur. #Tolak{no} #JambiCerdas "
            "#PilihYangJujur",
            "Jangan pilih pembohong!! Jambi layak dapat pemimpin jujur #Tolak{no} #JambiCerdas "
            "#PilihYangJujur",
            "jangan pilih pembohong, jambi layak dapat pemimpin yang jujur #Tolak{no} #JambiCerdas "
            "#PilihYangJujur 🙏",
            "JANGAN PILIH PEMBOHONG, JAMBI LAYAK DAPAT PEMIMPIN JUJUR. #Tolak{no} #JambiCerdas "
            "#PilihYangJujur",
        ],
    },
}


def first_wave() -> dict[str, list[dict[str, Any]]]:
    """The corpus's campaign posts by campaign name, in time order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for line in (SAMPLES / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        post = json.loads(line)
        name = str(post.get("category", "")).removeprefix("coordinated:")
        if name in WAVES:
            found.setdefault(name, []).append(post)
    return {name: sorted(posts, key=lambda p: p["created_at"]) for name, posts in found.items()}


def facts(posts: list[dict[str, Any]]) -> dict[str, str]:
    """The place, ballot number and paslon the first wave named (what the second wave repeats)."""
    text = " ".join(p["text"] for p in posts)
    found = {
        "kab": re.search(r"(?:Rakyat|Warga) (\w+(?: \w+)?) jangan", text),
        "no": re.search(r"(?:nomor |#Tolak|#Menang)(\d+)", text),
        "paslon": re.search(r"kinerja (\S+)", text),
    }
    return {key: match.group(1) for key, match in found.items() if match}


def second_wave(name: str, posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    spec = WAVES[name]
    values = facts(posts) | {"link": spec.get("link", "")}
    wave = []
    for k, post in enumerate(posts):
        created = datetime.fromisoformat(post["created_at"]) + spec["later"]
        post_id = str(int(post["post_id"]) + ID_OFFSET)
        wave.append(
            {
                "platform": post["platform"],
                "post_id": post_id,
                "author_id": post["author_id"],
                "author_handle": post["author_handle"],
                "author_name": post["author_name"],
                "text": spec["texts"][k % len(spec["texts"])].format(**values),
                "created_at": created.isoformat(),
                "url": _post_url(post, post_id),
                "category": f"coordinated:{name}",
            }
        )
    return wave


def _post_url(post: dict[str, Any], post_id: str) -> str | None:
    """The first wave's post URL pattern with the new id (None where the URL does not carry the id)."""
    url = str(post.get("url") or "")
    return url.replace(post["post_id"], post_id) if post["post_id"] in url else None


def main() -> None:
    known = {json.loads(line)["post_id"] for line in (SAMPLES / "posts.jsonl").open(encoding="utf-8")}
    posts = [p for name, wave in sorted(first_wave().items()) for p in second_wave(name, wave)]
    assert not known & {p["post_id"] for p in posts}, "second-wave ids collide with the corpus"
    posts.sort(key=lambda p: p["created_at"])
    lines = [json.dumps({k: v for k, v in p.items() if v is not None}, ensure_ascii=False) for p in posts]
    (SAMPLES / "followup_wave.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(posts)} posts written to {SAMPLES / 'followup_wave.jsonl'}")


if __name__ == "__main__":
    main()
