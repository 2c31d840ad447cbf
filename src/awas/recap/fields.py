"""Column names of the flat TPS format (specs/recap-rules.md §1.1) and of the wilayah levels."""

from __future__ import annotations

import re
from collections.abc import Iterable

CODE_COLUMNS = ("kode_tps", "kode_kab", "kode_kec", "kode_desa", "tps_no")
NAME_COLUMNS = ("nama_kab", "nama_kec", "nama_desa")
ADMIN_FIELDS = tuple(
    f"{group}_{suffix}"
    for group in ("pemilih_dpt", "pengguna_dpt", "pengguna_dptb", "pengguna_non_dpt", "pengguna_total")
    for suffix in ("j", "l", "p")
)
BALLOT_FIELDS = ("suara_sah", "suara_tidak_sah", "suara_total")
META_COLUMNS = ("ts", "n_images", "images")
# Everything a flat TPS file must carry besides at least one paslon_NN column. Names, the derived
# codes and the photo columns are optional: they are filled from kode_tps or left empty.
REQUIRED_COLUMNS = ("kode_tps", *ADMIN_FIELDS, *BALLOT_FIELDS, "ts")
COUNT_FIELDS = (*ADMIN_FIELDS, *BALLOT_FIELDS)

PASLON_COLUMN = re.compile(r"^paslon_(\d{2})$")
TS_FORMAT = "%Y-%m-%d %H:%M:%S"

# Plain (dot-less) code width → level name used in findings.
LEVEL_BY_WIDTH = {2: "provinsi", 4: "kabkota", 6: "kecamatan", 10: "desa", 13: "tps"}
WIDTH_BY_LEVEL = {level: width for width, level in LEVEL_BY_WIDTH.items()}
CHILD_WIDTH = {2: 4, 4: 6, 6: 10, 10: 13}  # code width of a unit -> code width of its children
LEVEL_PREFIX_WIDTHS = (2, 4, 6, 10)


def paslon_column(nomor_urut: int) -> str:
    """`1` → `paslon_01`."""
    return f"paslon_{nomor_urut:02d}"


def paslon_columns(columns: Iterable[str]) -> list[str]:
    """The paslon_NN columns among `columns`, in ballot order."""
    return sorted(c for c in columns if PASLON_COLUMN.match(c))


def paslon_label(column: str) -> str:
    """`paslon_01` → `01` (the `paslon` key of X-rule findings)."""
    return column.removeprefix("paslon_")


def level_of_code(code: str) -> str:
    """Level name of a plain code by its width; `unknown` for any other width."""
    return LEVEL_BY_WIDTH.get(len(code), "unknown")


def flat_columns(paslon: Iterable[str]) -> list[str]:
    """The full flat-CSV column order for the given paslon columns (used when writing frames out)."""
    return [*CODE_COLUMNS, *NAME_COLUMNS, *paslon, *ADMIN_FIELDS, *BALLOT_FIELDS, *META_COLUMNS]
