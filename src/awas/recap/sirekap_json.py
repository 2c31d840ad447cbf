"""Sirekap JSON records (specs/recap-rules.md §1.2): TPS records and hhcw aggregates.

A TPS record becomes one row of text in flat-CSV columns (values exactly as published: integers as
digits, null as empty, anything else kept as its JSON text so the type check names it). An
aggregate becomes long rows: its own chart (`role = self`) and one row per child and paslon in its
table (`role = child`), each tagged with the file's `ts`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awas.errors import InputProblem
from awas.recap.fields import ADMIN_FIELDS, BALLOT_FIELDS, CHILD_WIDTH, paslon_column
from awas.recap.paslon_map import PaslonDirectory

NON_PASLON_KEYS = {"null", "persen", "progres", "psu", "status_progress"}


@dataclass(slots=True)
class JsonProblems:
    """Problems found while converting records; the caller raises them together."""

    items: list[InputProblem] = field(default_factory=list)

    def add(self, file: str, reason: str, field_name: str | None = None) -> None:
        if len(self.items) < 500:
            self.items.append(InputProblem(file, reason, None, field_name))


def decode_json(path: str, raw: bytes) -> Any:
    """Parse UTF-8 JSON. Returns an InputProblem (not raises) so a tree reports every broken file."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return InputProblem(path, f"bukan UTF-8 (byte ke-{exc.start + 1})")
    except json.JSONDecodeError as exc:
        return InputProblem(path, f"JSON rusak atau terpotong: {exc.msg} (kolom {exc.colno})", exc.lineno)


def record_kind(data: Any) -> str:
    """`aggregate`, `tps`, `listing` (a wilayah list) or `unknown`."""
    if isinstance(data, list):
        return "listing"
    if not isinstance(data, dict):
        return "unknown"
    body: dict[str, Any] = data["tungsura"] if isinstance(data.get("tungsura"), dict) else data
    if "table" in body:
        return "aggregate"
    if "chart" in body or "administrasi" in body:
        return "tps"
    return "unknown"


def value_text(value: Any) -> str | None:
    """A count as text: digits for an integer, None for null, the JSON text of anything else."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def tps_row(
    path: str, code: str, data: dict[str, Any], paslon: PaslonDirectory, bad: JsonProblems
) -> dict[str, Any]:
    """One flat-CSV row (all text) for a TPS record."""
    body = data["tungsura"] if isinstance(data.get("tungsura"), dict) else data
    row: dict[str, Any] = {"kode_tps": code, "ts": _text_or_none(data.get("ts") or body.get("ts"))}
    row.update(_chart_columns(path, body.get("chart"), paslon, bad))
    admin = body.get("administrasi")
    if admin is not None and not isinstance(admin, dict):
        bad.add(path, "administrasi harus objek atau null", "administrasi")
        admin = None
    for name in (*ADMIN_FIELDS, *BALLOT_FIELDS):
        row[name] = value_text(admin.get(name)) if admin else None
    images = data.get("images") or []
    urls = [u for u in images if isinstance(u, str) and u] if isinstance(images, list) else []
    row["n_images"] = str(len(urls))
    row["images"] = " ".join(urls) or None
    return row


def _chart_columns(
    path: str, chart: Any, paslon: PaslonDirectory, bad: JsonProblems
) -> dict[str, str | None]:
    if chart is None:
        return {}
    if not isinstance(chart, dict):
        bad.add(path, "chart harus objek atau null", "chart")
        return {}
    out: dict[str, str | None] = {}
    for key, value in chart.items():
        if key in NON_PASLON_KEYS:
            continue
        ref = paslon.get(key)
        if ref is None:
            bad.add(path, f"id paslon {key} tidak dikenal (tambahkan berkas paslon Sirekap)", f"chart.{key}")
            continue
        out[paslon_column(ref.nomor_urut)] = value_text(value)
    return out


def aggregate_rows(
    path: str, code: str, data: dict[str, Any], paslon: PaslonDirectory, bad: JsonProblems, relpath: str = ""
) -> list[dict[str, Any]]:
    """Long rows for an aggregate file: its own chart and every child × paslon of its table."""
    body: dict[str, Any] = data["tungsura"] if isinstance(data.get("tungsura"), dict) else data
    ts = _text_or_none(data.get("ts"))
    chart: dict[str, Any] = body["chart"] if isinstance(body.get("chart"), dict) else {}
    progress = data.get("progres") or chart.get("progres") or {}
    head = {"file": relpath or path, "file_unit": code, "file_ts": ts}
    rows = _unit_rows(path, head, code, "self", chart, progress, data.get("psu"), paslon, bad)
    table = body.get("table")
    if not isinstance(table, dict):
        bad.add(path, "table harus objek", "table")
        return rows
    for child, values in table.items():
        if not _child_ok(path, code, child, values, bad):
            continue
        rows += _unit_rows(
            path, head, child, "child", values, values.get("progres") or {}, values.get("psu"), paslon, bad
        )
    return rows


def _child_ok(path: str, code: str, child: str, values: Any, bad: JsonProblems) -> bool:
    if not (child.isdigit() and len(child) == CHILD_WIDTH.get(len(code))):
        bad.add(path, f"C14 kode anak {child!r} bukan wilayah di bawah {code}", f"table.{child}")
        return False
    if not child.startswith(code):
        bad.add(path, f"C14 kode anak {child} tidak berada di bawah {code}", f"table.{child}")
        return False
    if not isinstance(values, dict):
        bad.add(path, "baris tabel harus objek", f"table.{child}")
        return False
    return True


def _unit_rows(
    where: str,
    head: dict[str, Any],
    unit: str,
    role: str,
    values: dict[str, Any],
    progress: Any,
    psu: Any,
    paslon: PaslonDirectory,
    bad: JsonProblems,
) -> list[dict[str, Any]]:
    base = {**head, "unit": unit, "role": role, "psu": _text_or_none(psu)}
    base["tps_total"] = _count(
        where, progress.get("total") if isinstance(progress, dict) else None, unit, bad
    )
    base["tps_in"] = _count(where, progress.get("progres") if isinstance(progress, dict) else None, unit, bad)
    rows = []
    for key, value in values.items():
        if key in NON_PASLON_KEYS:
            continue
        ref = paslon.get(key)
        if ref is None:
            bad.add(
                where, f"id paslon {key} tidak dikenal (tambahkan berkas paslon Sirekap)", f"{unit}.{key}"
            )
            continue
        votes = _count(where, value, f"{unit}.{key}", bad)
        rows.append({**base, "paslon": f"{ref.nomor_urut:02d}", "sirekap_id": key, "votes": votes})
    return rows or [{**base, "paslon": None, "sirekap_id": None, "votes": None}]


def _count(path: str, value: Any, where: str, bad: JsonProblems) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    bad.add(path, f"C12 nilai {json.dumps(value)} bukan bilangan bulat ≥ 0", where)
    return None


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def code_from_path(path: Path) -> str:
    """The wilayah/TPS code a Sirekap file is named after (its stem)."""
    return path.stem
