"""Content-addressed snapshot store: raw files under `<data dir>/recap/blobs/<sha[:2]>/<sha>`, the
parsed frame as Parquet under `<data dir>/recap/frames/<snapshot id>.parquet`, metadata in
`recap_snapshots`/`recap_snapshot_files`.

Saving is all or nothing: files are written to temporary names and renamed; if the database
insert fails, the files this call created are removed. Saving a snapshot that is already stored
writes nothing and returns it with `new = False`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.errors import NotFoundError
from awas.recap.model import SnapshotInfo, SnapshotKind
from awas.recap.sources import ParsedSnapshot, RawFile
from awas.recap.tables import recap_snapshot_files, recap_snapshots
from awas.store.audit import append_audit
from awas.timeutil import WIB, utcnow


def recap_dir(app: App) -> Path:
    return app.settings.resolved_data_dir / "recap"


def blob_path(app: App, sha256: str) -> Path:
    return recap_dir(app) / "blobs" / sha256[:2] / sha256


def frame_path(app: App, snapshot_id: str) -> Path:
    return recap_dir(app) / "frames" / f"{snapshot_id}.parquet"


def save_snapshot(app: App, parsed: ParsedSnapshot, actor: str, label: str = "") -> SnapshotInfo:
    """Store a parsed snapshot (or find it stored). Raises on storage failure, leaving no trace."""
    existing = find_snapshot(app, parsed.id)
    if existing is not None:
        return existing
    created: list[Path] = []
    try:
        for raw in parsed.files:
            _write_blob(app, raw, created)
        _write_frame(app, parsed, created)
        info = _insert(app, parsed, actor, label)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return info


def _write_blob(app: App, raw: RawFile, created: list[Path]) -> None:
    target = blob_path(app, raw.sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            if raw.data is not None:
                handle.write(raw.data)
        if raw.data is None:
            shutil.copyfile(raw.path, tmp)  # kernel-side copy (sendfile) of a big table
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    created.append(target)


def _write_frame(app: App, parsed: ParsedSnapshot, created: list[Path]) -> None:
    target = frame_path(app, parsed.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".tmp-{target.name}")
    parsed.frame.write_parquet(tmp, compression="zstd")
    os.replace(tmp, target)
    created.append(target)


def _insert(app: App, parsed: ParsedSnapshot, actor: str, label: str) -> SnapshotInfo:
    now = utcnow()
    row = {
        "id": parsed.id,
        "kind": parsed.kind.value,
        "race": parsed.race,
        "series": series_of(parsed.race, province_of(parsed)),
        "source": parsed.source,
        "label": label,
        "captured_at": wib_to_utc(parsed.captured),
        "imported_at": now,
        "imported_by": actor,
        "units": _units(parsed),
        "files": len(parsed.files),
        "bytes": sum(f.size for f in parsed.files),
        "frame_path": frame_path(app, parsed.id).relative_to(recap_dir(app)).as_posix(),
        "details": {"ignored_files": parsed.ignored},
    }
    files = [
        {"snapshot_id": parsed.id, "path": f.relpath, "sha256": f.sha256, "bytes": f.size}
        for f in parsed.files
    ]
    with app.db.transaction() as conn:
        conn.execute(recap_snapshots.insert().values(**row))
        conn.execute(recap_snapshot_files.insert(), files)
        details = {"kind": row["kind"], "race": row["race"], "source": row["source"], "units": row["units"]}
        append_audit(
            conn,
            AuditEvent(
                action="recap.snapshot_imported",
                actor=actor,
                object_type="recap_snapshot",
                object_id=parsed.id,
                details=details,
            ),
        )
    return _info(row, new=True)


def _units(parsed: ParsedSnapshot) -> int:
    if parsed.kind.is_tps:
        return parsed.frame.height
    return parsed.frame.get_column("unit").n_unique()


def province_of(parsed: ParsedSnapshot) -> str:
    column = {"aggregate": "file_unit", "recap_table": "unit"}.get(parsed.kind.value, "kode_tps")
    codes = parsed.frame.get_column(column).str.slice(0, 2).value_counts(sort=True)
    return str(codes.item(0, 0)) if codes.height else "00"


def series_of(race: str, province: str) -> str:
    return f"{race}/{province}"


def wib_to_utc(text: str | None) -> datetime | None:
    """Sirekap `ts` ("YYYY-MM-DD HH:MM:SS", WIB wall time) as an aware UTC datetime."""
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=WIB).astimezone(UTC)
    except ValueError:
        return None


def _info(row: dict[str, Any], new: bool = False) -> SnapshotInfo:
    return SnapshotInfo(
        id=row["id"],
        kind=SnapshotKind(row["kind"]),
        race=row["race"],
        source=row["source"],
        imported_at=row["imported_at"],
        captured_at=row["captured_at"],
        units=row["units"],
        files=row["files"],
        bytes=row["bytes"],
        label=row["label"],
        new=new,
    )


def find_snapshot(app: App, snapshot_id: str) -> SnapshotInfo | None:
    with app.db.read() as conn:
        row = (
            conn.execute(sa.select(recap_snapshots).where(recap_snapshots.c.id == snapshot_id))
            .mappings()
            .first()
        )
    return None if row is None else _info(dict(row))


def resolve_snapshot(app: App, prefix: str) -> SnapshotInfo:
    """A snapshot by id or unique id prefix (at least 6 hex digits). Raises NotFoundError."""
    prefix = prefix.strip().lower()
    with app.db.read() as conn:
        rows = (
            conn.execute(sa.select(recap_snapshots).where(recap_snapshots.c.id.startswith(prefix)).limit(2))
            .mappings()
            .all()
        )
    if len(prefix) < 6 or len(rows) != 1:
        reason = "tidak ditemukan" if not rows or len(prefix) < 6 else "tidak unik; tulis lebih banyak digit"
        raise NotFoundError(f"snapshot {prefix!r} {reason}")
    return _info(dict(rows[0]))


def list_snapshots(app: App, race: str | None = None) -> list[SnapshotInfo]:
    query = sa.select(recap_snapshots).order_by(recap_snapshots.c.imported_at, recap_snapshots.c.id)
    if race:
        query = query.where(recap_snapshots.c.race == race)
    with app.db.read() as conn:
        return [_info(dict(r)) for r in conn.execute(query).mappings()]


def load_frame(app: App, snapshot_id: str) -> pl.DataFrame:
    """The parsed frame of a stored snapshot. Raises NotFoundError if its Parquet file is gone."""
    path = frame_path(app, snapshot_id)
    if not path.exists():
        raise NotFoundError(f"frame snapshot {snapshot_id[:12]} hilang dari {path.parent}")
    return pl.read_parquet(path)


def snapshot_files(app: App, snapshot_id: str) -> list[tuple[str, Path]]:
    """(relative path, blob path) of every raw file of a snapshot."""
    query = sa.select(recap_snapshot_files.c.path, recap_snapshot_files.c.sha256).where(
        recap_snapshot_files.c.snapshot_id == snapshot_id
    )
    with app.db.read() as conn:
        return [(path, blob_path(app, sha)) for path, sha in conn.execute(query).all()]
