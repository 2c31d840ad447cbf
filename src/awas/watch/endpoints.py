"""The watch list: election-infrastructure endpoints as editable reference data.

`data/endpoints.csv` is the bundled seed (every URL `unverified`: awas was built without internet);
a user adds endpoints one by one (`awas watch add URL ...`) or from a CSV file of the same columns.
Adding is an upsert on the URL (a second add updates name, owner and provenance); a CSV is checked
whole first and stored in one transaction, or not at all (InputError naming file, line and field).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.errors import InputError, InputProblem
from awas.store.audit import append_audit
from awas.timeutil import utcnow
from awas.watch.records import Endpoint, EndpointKind, OwnerKind
from awas.watch.tables import watch_endpoints

SEED_FILE = Path(__file__).parent / "data" / "endpoints.csv"
COLUMNS = (
    "url",
    "kind",
    "name",
    "owner_kind",
    "owner_org",
    "region_code",
    "paslon_id",
    "election_id",
    "source",
    "status",
)
STATUSES = ("verified", "sourced", "conflict", "unverified")
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class EndpointInput:
    url: str
    kind: str = EndpointKind.SITE.value
    name: str = ""
    owner_kind: str = OwnerKind.OTHER.value
    owner_org: str = ""
    region_code: str = ""
    paslon_id: str = ""
    election_id: str = ""
    source: str = ""
    status: str = "unverified"


def check_input(app: App, item: EndpointInput, where: str, line: int | None = None) -> list[InputProblem]:
    """Every problem of one endpoint (URL, kind, owner, reference codes, status)."""
    problems = []

    def bad(reason: str, name: str) -> None:
        problems.append(InputProblem(where, reason, line, name))

    parts = urlsplit(item.url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or len(item.url) > 2000:
        bad("URL harus http(s) lengkap dengan nama host (paling panjang 2000 karakter)", "url")
    if item.kind not in EndpointKind.__members__.values():
        bad(f"jenis harus salah satu dari {', '.join(k.value for k in EndpointKind)}", "kind")
    if item.owner_kind not in OwnerKind.__members__.values():
        bad(f"pemilik harus salah satu dari {', '.join(k.value for k in OwnerKind)}", "owner_kind")
    if item.status not in STATUSES:
        bad(f"status harus salah satu dari {', '.join(STATUSES)}", "status")
    _check_reference(app, item, bad)
    return problems


def _check_reference(app: App, item: EndpointInput, bad: Any) -> None:
    ref = app.reference
    if item.owner_org and item.owner_org not in ref.organisations:
        bad(f"organisasi {item.owner_org!r} tidak ada di data referensi", "owner_org")
    if item.region_code and item.region_code not in ref.regions:
        bad(f"kode wilayah {item.region_code!r} tidak dikenal", "region_code")
    if item.paslon_id and item.paslon_id not in ref.paslon:
        bad(f"paslon {item.paslon_id!r} tidak dikenal", "paslon_id")
    if item.election_id and item.election_id not in ref.elections:
        bad(f"pemilihan {item.election_id!r} tidak dikenal", "election_id")


def read_csv(path: Path) -> list[tuple[int, EndpointInput]]:
    """(line, input) for every row; InputError for an unreadable file or a wrong header."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(InputProblem(str(path), "berkas lebih dari 5 MB"))
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(InputProblem(str(path), f"tidak dapat dibaca: {exc.strerror}")) from None
    except UnicodeDecodeError as exc:
        raise InputError(InputProblem(str(path), f"bukan UTF-8 (byte ke-{exc.start + 1})")) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("url",) if c not in (reader.fieldnames or [])]
    unknown = [c for c in reader.fieldnames or [] if c not in COLUMNS]
    if missing or unknown:
        reason = f"kolom wajib hilang: {missing}" if missing else f"kolom tidak dikenal: {unknown}"
        raise InputError(InputProblem(str(path), reason, 1, "header"))
    rows = []
    for row in reader:
        values = {k: (v or "").strip() for k, v in row.items() if k in COLUMNS and isinstance(v, str)}
        defaults = EndpointInput(url="")
        filled = {k: values.get(k) or getattr(defaults, k) for k in COLUMNS}
        rows.append((reader.line_num, EndpointInput(**filled)))
    return rows


class EndpointStore:
    def __init__(self, app: App) -> None:
        self.app = app

    def add(self, item: EndpointInput, *, actor: str, where: str = "argumen") -> Endpoint:
        """Add or update one endpoint; InputError naming the field."""
        problems = check_input(self.app, item, where)
        if problems:
            raise InputError(problems, "titik pantau ditolak")
        return self._store([item], actor)[0]

    def import_csv(self, path: Path, *, actor: str) -> list[Endpoint]:
        """All rows of a CSV or none; InputError naming file, line and field of every problem."""
        rows = read_csv(path)
        problems = [p for line, item in rows for p in check_input(self.app, item, str(path), line)]
        if problems:
            raise InputError(problems, f"{len(problems)} masalah di {path.name}; tidak ada yang disimpan")
        return self._store([item for _, item in rows], actor)

    def seed(self, *, actor: str) -> list[Endpoint]:
        """Load the bundled watch list (idempotent)."""
        return self.import_csv(SEED_FILE, actor=actor)

    def set_active(self, url: str, active: bool, *, actor: str) -> bool:
        with self.app.db.transaction() as conn:
            done = conn.execute(
                watch_endpoints.update().where(watch_endpoints.c.url == url).values(active=active)
            ).rowcount
            if done:
                _audit(conn, actor, "watch.endpoint_" + ("enabled" if active else "disabled"), url)
        return bool(done)

    def all(self, *, active_only: bool = False) -> list[Endpoint]:
        query = sa.select(watch_endpoints).order_by(watch_endpoints.c.id)
        if active_only:
            query = query.where(watch_endpoints.c.active.is_(True))
        with self.app.db.read() as conn:
            return [endpoint_from_row(r) for r in conn.execute(query).mappings()]

    def _store(self, items: Iterable[EndpointInput], actor: str) -> list[Endpoint]:
        now = utcnow()
        urls = []
        with self.app.db.transaction() as conn:
            for item in items:
                values = _values(item)
                urls.append(values["url"])
                updated = conn.execute(
                    watch_endpoints.update().where(watch_endpoints.c.url == values["url"]).values(**values)
                ).rowcount
                if not updated:
                    conn.execute(watch_endpoints.insert().values(**values, added_at=now, added_by=actor))
                    _audit(conn, actor, "watch.endpoint_added", values["url"])
            rows = conn.execute(sa.select(watch_endpoints).where(watch_endpoints.c.url.in_(urls))).mappings()
            found = {r["url"]: endpoint_from_row(r) for r in rows}
        return [found[url] for url in dict.fromkeys(urls)]


def _values(item: EndpointInput) -> dict[str, Any]:
    host = urlsplit(item.url.strip()).hostname or ""
    return {
        "url": item.url.strip(),
        "kind": item.kind,
        "name": item.name or host,
        "owner_kind": item.owner_kind,
        "owner_org": item.owner_org or None,
        "region_code": item.region_code or None,
        "paslon_id": item.paslon_id or None,
        "election_id": item.election_id or None,
        "source": item.source,
        "status": item.status,
        "active": True,
    }


def _audit(conn: sa.Connection, actor: str, action: str, url: str) -> None:
    append_audit(
        conn, AuditEvent(action=action, actor=actor, object_type="watch_endpoint", object_id=url[:128])
    )


def endpoint_from_row(row: Any) -> Endpoint:
    return Endpoint(
        id=row["id"],
        url=row["url"],
        kind=EndpointKind(row["kind"]),
        name=row["name"],
        owner_kind=OwnerKind(row["owner_kind"]),
        owner_org=row["owner_org"],
        region_code=row["region_code"],
        paslon_id=row["paslon_id"],
        election_id=row["election_id"],
        source=row["source"],
        status=row["status"],
        active=row["active"],
    )
