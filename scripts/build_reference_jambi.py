"""Build the derived files of the bundled Jambi 2024 reference package from the shared research data.

Run once by a maintainer (never at run time): it reads the research folder given on the command line
(`../shared/data` in the development workspace) and writes wilayah.csv, kabkota.geojson,
elections.csv and paslon.csv into src/awas/reference/data/jambi-2024/. The hand-curated files of the
package (schedule, legal catalogue, organisations, IKP baseline, holidays) are edited directly.

    python scripts/build_reference_jambi.py ../shared/data
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/awas/reference/data/jambi-2024"
SNAPSHOT = "recap/sirekap_pilkada2024_jambi/20241128T1225-481f1a6"
SIREKAP_SRC = "KPU Sirekap paslon master (pkwkp.json/pkwkk.json) via razanfawwaz/pilkada-scrap@481f1a6"

# Short names used in news coverage (pilkada-rules.md §4.2/4.3); used for entity linking.
SHORT_NAMES = {
    "1000010": "Romi-Sudirman",
    "1000011": "Haris-Sani",
    "1000370": "Darmadi-Darifus",
    "1000371": "Tafyani-Ezi",
    "1000372": "Monadi-Murison",
    "1000373": "Deri-Aswanto",
    "1000374": "Nalim-Nilwan",
    "1000375": "Syukur-Khafidh",
    "1000376": "Fauzi-Sahara",
    "1000377": "Madel-Nor",
    "1000378": "Tontawi-Harris",
    "1000379": "Hillal-Aang",
    "1000380": "Hurmin-Gerry",
    "1000381": "Fadhil-Bakhtiar",
    "1000382": "Kolom Kosong",
    "1000383": "Asnawi-Supratno",
    "1000384": "Zuwanda-Sawaluddin",
    "1000385": "Masnah-Zulkifli",
    "1000386": "BBS-Jun Mahir",
    "1000387": "Anwar Sadat-Katamso",
    "1000388": "Cici-Muklis",
    "1000389": "Hairan-Amin",
    "1000390": "Zumi Laza-Aris",
    "1000391": "Dillah-Muslimin",
    "1000392": "Dedy-Tri Wahyu",
    "1000393": "Jumiwan-Maidani",
    "1000394": "Aspan-Wartono",
    "1000395": "Agus-Nazar",
    "1000396": "Maulana-Diza",
    "1000397": "Abdul Rahman-Guntur",
    "1000398": "Alfin-Azhar",
    "1000399": "Ahmadi-Ferry",
    "1000400": "Alvia-Lendra",
    "1000401": "Fikar-Asma",
    "1000402": "Pusri-Mulyadi",
}


def main(shared: Path) -> None:
    _copy_wilayah(shared)
    names = {r["code"]: r["name"] for r in csv.DictReader((shared / "wilayah/jambi_wilayah.csv").open())}
    tps = _tps_counts(shared)
    _write_elections(names, tps)
    _write_paslon(shared)


def _copy_wilayah(shared: Path) -> None:
    (OUT / "wilayah.csv").write_bytes((shared / "wilayah/jambi_wilayah.csv").read_bytes())
    geo = json.loads((shared / "wilayah/jambi_kabkota.geojson").read_text())
    (OUT / "kabkota.geojson").write_text(json.dumps(geo, separators=(",", ":")) + "\n")
    lic = shared / "wilayah/LICENSE-wilayah-cahyadsn.txt"
    (OUT / "licenses/LICENSE-wilayah-cahyadsn.txt").write_bytes(lic.read_bytes())


def _tps_counts(shared: Path) -> dict[str, int]:
    prov = json.loads((shared / SNAPSHOT / "pkwkp/15/15.json").read_text())
    counts = {code: row["progres"]["total"] for code, row in prov["tungsura"]["table"].items()}
    counts["15"] = prov["tungsura"]["chart"]["progres"]["total"]
    return counts


def _dotted(code: str) -> str:
    return code[:2] + "." + code[2:] if len(code) == 4 else code


def _write_elections(names: dict[str, str], tps: dict[str, int]) -> None:
    rows = [
        {
            "id": "pilgub-15-2024",
            "kind": "pilgub",
            "name": "Pemilihan Gubernur dan Wakil Gubernur Jambi 2024",
            "region_code": "15",
            "voting_date": "2024-11-27",
            "sirekap_race": "pkwkp",
            "sirekap_area": "15",
            "tps_count": tps["15"],
            "dpt": 2695348,
            "dpt_status": "verified",
            "source": "DPT: pleno KPU Provinsi Jambi 22 Sep 2024 (jambisatu.id); TPS: Sirekap progres.total",
            "status": "verified",
        }
    ]
    for plain in sorted(c for c in tps if len(c) == 4):
        code = _dotted(plain)
        kota = names[code].startswith("Kota")
        short = names[code].removeprefix("Kabupaten ").removeprefix("Kota ")
        title = "Wali Kota dan Wakil Wali Kota" if kota else "Bupati dan Wakil Bupati"
        rows.append(
            {
                "id": f"{'pilwako' if kota else 'pilbup'}-{code}-2024",
                "kind": "pilwako" if kota else "pilbup",
                "name": f"Pemilihan {title} {short} 2024",
                "region_code": code,
                "voting_date": "2024-11-27",
                "sirekap_race": "pkwkk",
                "sirekap_area": plain,
                "tps_count": tps[plain],
                "dpt": "",
                "dpt_status": "unverified",
                "source": "TPS: Sirekap progres.total (28 Nov 2024 12:25 snapshot)",
                "status": "verified",
            }
        )
    _write_csv(OUT / "elections.csv", rows)


def _write_paslon(shared: Path) -> None:
    base = shared / "recap/sirekap_pilkada2024_jambi"
    gub = json.loads((base / "paslon_pkwkp.json").read_text())["15"]
    kab = json.loads((base / "paslon_pkwkk.json").read_text())
    rows = [_paslon_row("pilgub-15-2024", pid, p) for pid, p in gub.items()]
    for plain in sorted(c for c in kab if c.startswith("15")):
        kind = "pilwako" if plain.startswith("157") else "pilbup"
        rows += [_paslon_row(f"{kind}-{_dotted(plain)}-2024", pid, p) for pid, p in kab[plain].items()]
    rows.sort(key=lambda r: (r["election_id"], int(r["nomor_urut"])))
    _write_csv(OUT / "paslon.csv", rows)


def _paslon_row(election: str, pid: str, p: dict[str, object]) -> dict[str, object]:
    name = str(p["nama"])
    kosong = name.upper().startswith("KOLOM KOSONG")
    head, _, deputy = name.partition(" - ")
    return {
        "election_id": election,
        "nomor_urut": p["nomor_urut"],
        "sirekap_id": pid,
        "name": "KOLOM KOSONG" if kosong else name,
        "kepala": head.strip(),
        "wakil": deputy.strip(),
        "short_name": SHORT_NAMES.get(pid, ""),
        "kolom_kosong": "true" if kosong else "false",
        "color": p["warna"],
        "source": SIREKAP_SRC,
        "status": "verified",
    }


def _write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
