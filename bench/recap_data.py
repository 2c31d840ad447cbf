"""Synthetic inputs for bench_recap.py, built from the bundled real sample (written to bench/out/).

- Jambi: the 2,752 real TPS rows replicated onto all 1,585 desa of the Jambi reference until there
  are 11,160 TPS (Jambi's Pemilu 2024 count), plus Sirekap-shaped aggregates (desa → province)
  summed from them, so X01 compares published aggregates with TPS sums at every level.
- National: the sample replicated under new, well-formed codes to 825,000 TPS, as CSV and Parquet.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SAMPLE = ROOT / "src/awas/recap/samples/tps/pilpres2024_tps_kerinci_kotajambi.csv"
WILAYAH = ROOT / "src/awas/reference/data/jambi-2024/wilayah.csv"
PASLON_IDS = {"01": "100025", "02": "100026", "03": "100027"}


def sample() -> pl.DataFrame:
    return pl.read_csv(SAMPLE, infer_schema=False)


def jambi_tps(total: int = 11_160) -> Path:
    """11,160 TPS on real Jambi desa codes (valid for the wilayah check)."""
    path = OUT / "jambi_11160.csv"
    if path.exists():
        return path
    desa = pl.read_csv(WILAYAH, infer_schema=False).filter(pl.col("level") == "desa")
    codes = desa.get_column("code").str.replace_all(".", "", literal=True).to_list()
    rows = sample()
    index = pl.int_range(0, total, eager=True)
    frame = rows[(index % rows.height).to_list()]
    desa_code = pl.Series([codes[i % len(codes)] for i in range(total)])
    tps_no = pl.Series([i // len(codes) + 1 for i in range(total)])
    frame = frame.with_columns(
        (desa_code + tps_no.cast(pl.String).str.zfill(3)).alias("kode_tps"),
        desa_code.str.slice(0, 4).alias("kode_kab"),
        desa_code.str.slice(0, 6).alias("kode_kec"),
        desa_code.alias("kode_desa"),
        tps_no.cast(pl.String).alias("tps_no"),
    )
    OUT.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path)
    return path


def jambi_aggregates(tps_csv: Path) -> Path:
    """Sirekap hhcw aggregate files (province, kab/kota, kecamatan, desa) summed from the TPS file."""
    folder = OUT / "jambi_agg" / "ppwp" / "15"
    if folder.exists():
        return folder.parent.parent
    tps = pl.read_csv(tps_csv, infer_schema=False)
    long = tps.unpivot([f"paslon_{p}" for p in PASLON_IDS], index="kode_tps")
    long = long.with_columns(
        pl.col("value").cast(pl.Int64).fill_null(0), pl.col("variable").str.slice(7).alias("p")
    )
    folder.mkdir(parents=True, exist_ok=True)
    for parent_width, child_width in ((2, 4), (4, 6), (6, 10), (10, 13)):
        sums = long.group_by(pl.col("kode_tps").str.slice(0, child_width).alias("child"), "p").agg(
            pl.col("value").sum()
        )
        for (parent,), group in sums.group_by(pl.col("child").str.slice(0, parent_width)):
            _write_aggregate(folder, str(parent), group)
    return folder.parent.parent


def _write_aggregate(folder: Path, parent: str, group: pl.DataFrame) -> None:
    table: dict[str, dict[str, object]] = {}
    chart: dict[str, int] = {}
    for child, p, votes in group.iter_rows():
        table.setdefault(child, {"psu": None, "status_progress": True})[PASLON_IDS[p]] = votes
        chart[PASLON_IDS[p]] = chart.get(PASLON_IDS[p], 0) + votes
    doc = {
        "mode": "hhcw",
        "chart": chart,
        "table": table,
        "progres": {"total": 1, "progres": 1},
        "ts": "2024-03-20 12:00:00",
    }
    (folder / f"{parent}.json").write_text(json.dumps(doc))


def national(total: int = 825_000) -> tuple[Path, Path]:
    """825,000 TPS under new codes (provinces 11–94, synthetic kab/kec/desa), as CSV and Parquet."""
    csv, parquet = OUT / "national_825k.csv", OUT / "national_825k.parquet"
    if csv.exists() and parquet.exists():
        return csv, parquet
    rows = sample()
    index = pl.int_range(0, total, eager=True)
    frame = rows[(index % rows.height).to_list()]
    tps = (index % 12) + 1
    desa = index // 12
    prov = 11 + (desa // 30_000) % 84
    kab = (desa // 2_000) % 99 + 1
    kec = (desa // 100) % 20 + 1
    village = 2001 + desa % 100
    desa_code = pl.concat_str(
        prov.cast(pl.String),
        kab.cast(pl.String).str.zfill(2),
        kec.cast(pl.String).str.zfill(2),
        village.cast(pl.String),
    )
    frame = frame.with_columns(
        (desa_code + tps.cast(pl.String).str.zfill(3)).alias("kode_tps"),
        desa_code.str.slice(0, 4).alias("kode_kab"),
        desa_code.str.slice(0, 6).alias("kode_kec"),
        desa_code.alias("kode_desa"),
        tps.cast(pl.String).alias("tps_no"),
    )
    OUT.mkdir(parents=True, exist_ok=True)
    frame.write_csv(csv)
    numeric = [
        c
        for c in frame.columns
        if c.startswith(("paslon_", "pemilih_", "pengguna_", "suara_")) or c == "n_images"
    ]
    frame.with_columns(pl.col(numeric).cast(pl.Int32)).write_parquet(parquet)
    return csv, parquet
