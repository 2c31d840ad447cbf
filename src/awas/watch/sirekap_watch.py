"""Sirekap JSON endpoints: every published version goes into recap's content-addressed snapshot
store, and a published value that changes after its status was final is an incident.

A TPS record (`{"chart": ..., "administrasi": ..., "status_suara": true, "status_adm": true, "ts"}`,
or wrapped in `tungsura` for the Pilkada) has two status flags: `status_suara` covers the vote chart,
`status_adm` the administrasi block. A value under a flag that was `true` in the previous version
and differs now is "changed after final". Aggregates (no status flags) are stored, not judged.
A new snapshot is stored only when a value or a flag changed (a `ts` that moves every second costs
no storage).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from awas.app import App
from awas.errors import InputError
from awas.recap.service import import_inputs
from awas.watch.records import Severity, Signal

FLAGS = {"status_suara": "chart", "status_adm": "administrasi"}


@dataclass(frozen=True, slots=True)
class SirekapVersion:
    values: dict[str, Any]  # "chart.1000010" → 1234, "administrasi.suara_sah" → ...
    flags: dict[str, bool | None]
    ts: str | None
    digest: str


def read_version(body: bytes) -> SirekapVersion:
    """Published values and flags of a Sirekap record; ValueError if it is not JSON of that shape."""
    data = json.loads(body.decode("utf-8-sig"))
    if not isinstance(data, dict):
        raise ValueError("JSON Sirekap harus objek")
    inner = data["tungsura"] if isinstance(data.get("tungsura"), dict) else data
    values: dict[str, Any] = {}
    for block in ("chart", "administrasi", "table"):
        section = inner.get(block)
        if isinstance(section, dict):
            _flatten(values, block, section)
    flags = {flag: data.get(flag) if isinstance(data.get(flag), bool) else None for flag in FLAGS}
    digest = hashlib.sha256(json.dumps([values, flags], sort_keys=True).encode()).hexdigest()
    ts = data.get("ts") if isinstance(data.get("ts"), str) else None
    return SirekapVersion(values, flags, ts, digest)


def _flatten(out: dict[str, Any], prefix: str, section: dict[str, Any]) -> None:
    for key, value in section.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(out, name, value)
        else:
            out[name] = value


def changed_after_final(previous: dict[str, Any], current: SirekapVersion) -> Signal | None:
    """The signal for values that changed under a flag that was final in `previous`."""
    old_values: dict[str, Any] = previous.get("values") or {}
    old_flags: dict[str, Any] = previous.get("flags") or {}
    changes = []
    for flag, block in FLAGS.items():
        if old_flags.get(flag) is not True:
            continue
        for name in sorted(set(old_values) | set(current.values)):
            if name.startswith(block + ".") and old_values.get(name) != current.values.get(name):
                changes.append({"field": name, "old": old_values.get(name), "new": current.values.get(name)})
    if not changes:
        return None
    fields = ", ".join(f"{c['field']} {c['old']}→{c['new']}" for c in changes[:6])
    detail = f"nilai berubah setelah status final: {fields}"
    return Signal("sirekap_final_changed", Severity.CRITICAL, detail, strong=True, data={"changes": changes})


def save_snapshot(app: App, url: str, body: bytes, actor: str) -> tuple[str | None, str]:
    """Store `body` in recap's snapshot store under the file name the URL gives it.

    Returns (snapshot id, "") or (None, reason) when recap refuses the record."""
    name = PurePosixPath(urlsplit(url).path).name or "sirekap.json"
    with tempfile.TemporaryDirectory(prefix="awas-watch-") as tmp:
        path = Path(tmp) / (name if name.endswith(".json") else name + ".json")
        path.write_bytes(body)
        try:
            report = import_inputs(app, [path], actor=actor, label=f"watch {url}"[:200])
        except InputError as exc:
            return None, "; ".join(str(p) for p in exc.problems[:3])
    return (report.snapshots[0].id if report.snapshots else None), ""
