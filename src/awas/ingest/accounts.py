"""The campaign account registry: import from CSV or by hand, deactivate; link posts to the paslon
whose registered account wrote them (reports are in `campaigners`).

Registry CSV columns: `paslon_id` (or `election_id` + `nomor_urut`), `platform`, `handle`, and
optionally `account_id`, `url`, `registered_at`, `deactivated_at`, `source`. Times are ISO 8601 with
an offset; a bare date means the start of that day WIB for `registered_at` and the end of that day
WIB for `deactivated_at` (the account is active through that date). A file with any bad row is
refused whole (InputError naming each line and field): the registry is official data, so it is
stored all or nothing. Re-importing updates the dates and ids of accounts already registered.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.domain.posts import PLATFORMS
from awas.errors import InputError, InputProblem, NotFoundError
from awas.ingest.registry import normalise_handle
from awas.ingest.tables import post_intake
from awas.store.tables import campaign_accounts, posts
from awas.timeutil import WIB, parse_aware, utcnow

MAX_PER_PLATFORM = 20  # PKPU 13/2024: up to 20 accounts per platform per paslon


@dataclass(frozen=True)
class AccountRow:
    paslon_id: str
    platform: str
    handle: str
    account_id: str | None
    url: str | None
    registered_at: datetime | None
    deactivated_at: datetime | None
    source: str


def parse_when(text: str, end_of_day: bool) -> datetime | None:
    """ISO time with offset, or a bare date read in WIB; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 10:
        day = date.fromisoformat(text)
        return datetime.combine(day, time(23, 59, 59) if end_of_day else time(0), WIB)
    return parse_aware(text)


class AccountService:
    def __init__(self, app: App) -> None:
        self.app = app

    def read_csv(self, path: Path) -> list[AccountRow]:
        """Every row of a registry CSV, or InputError listing every problem."""
        problems: list[InputProblem] = []
        rows: list[AccountRow] = []
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for number, record in enumerate(csv.DictReader(fh), start=2):
                    parsed = self._row(str(path), number, record, problems)
                    if parsed:
                        rows.append(parsed)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise InputError(InputProblem(str(path), f"berkas tidak dapat dibaca: {exc}")) from None
        problems += self._limits(str(path), rows)
        if problems:
            raise InputError(problems, f"{len(problems)} masalah dalam daftar akun kampanye")
        return rows

    def _row(
        self, source: str, line: int, r: dict[str, Any], problems: list[InputProblem]
    ) -> AccountRow | None:
        paslon_id = (
            r.get("paslon_id") or ""
        ).strip() or f"{(r.get('election_id') or '').strip()}#{(r.get('nomor_urut') or '').strip()}"
        checks = [
            ("paslon_id", paslon_id in self.app.reference.paslon, f"paslon tidak dikenal: {paslon_id!r}"),
            (
                "platform",
                (r.get("platform") or "").strip() in PLATFORMS,
                f"platform tidak dikenal: {r.get('platform')!r}",
            ),
            ("handle", bool((r.get("handle") or "").strip()), "handle kosong"),
        ]
        bad = [InputProblem(source, reason, line, field) for field, ok, reason in checks if not ok]
        try:
            registered = parse_when(r.get("registered_at") or "", end_of_day=False)
            deactivated = parse_when(r.get("deactivated_at") or "", end_of_day=True)
        except ValueError as exc:
            bad.append(
                InputProblem(
                    source, f"tanggal tidak valid atau tanpa zona waktu: {exc}", line, "registered_at"
                )
            )
            registered = deactivated = None
        problems += bad
        if bad:
            return None
        return AccountRow(
            paslon_id,
            r["platform"].strip(),
            r["handle"].strip().lstrip("@"),
            (r.get("account_id") or "").strip() or None,
            (r.get("url") or "").strip() or None,
            registered,
            deactivated,
            (r.get("source") or "").strip(),
        )

    @staticmethod
    def _limits(source: str, rows: list[AccountRow]) -> list[InputProblem]:
        counts = Counter((r.paslon_id, r.platform) for r in rows)
        return [
            InputProblem(
                source, f"{p} punya {n} akun {pl}; batas {MAX_PER_PLATFORM} per platform", field="platform"
            )
            for (p, pl), n in counts.items()
            if n > MAX_PER_PLATFORM
        ]

    def check(self, rows: list[AccountRow], source: str = "accounts add") -> None:
        """InputError when a row names an unknown paslon or platform, or breaks the per-platform limit."""
        problems = [
            InputProblem(source, f"paslon tidak dikenal: {r.paslon_id!r}", field="paslon_id")
            for r in rows
            if r.paslon_id not in self.app.reference.paslon
        ]
        problems += [
            InputProblem(source, f"platform tidak dikenal: {r.platform!r}", field="platform")
            for r in rows
            if r.platform not in PLATFORMS
        ]
        problems += [InputProblem(source, "handle kosong", field="handle") for r in rows if not r.handle]
        with self.app.db.read() as conn:
            stored = conn.execute(
                sa.select(
                    campaign_accounts.c.paslon_id, campaign_accounts.c.platform, campaign_accounts.c.handle
                )
            ).all()
        known = {(p, pl, h.lower()) for p, pl, h in stored}
        merged = [AccountRow(p, pl, h, None, None, None, None, "") for p, pl, h in known]
        merged += [r for r in rows if (r.paslon_id, r.platform, r.handle.lower()) not in known]
        problems += self._limits(source, merged)
        if problems:
            raise InputError(problems, "akun kampanye ditolak")

    def import_csv(self, path: Path, *, actor: str) -> dict[str, int]:
        """Validate then store the whole file; relink posts; counts of new and updated accounts."""
        return self.save(self.read_csv(path), actor=actor, source=str(path))

    def save(self, rows: list[AccountRow], *, actor: str, source: str = "manual") -> dict[str, int]:
        counts = Counter[str]()
        with self.app.db.transaction() as conn:
            for row in rows:
                counts[self._upsert(conn, row)] += 1
            linked = self._relink(conn)
        self.app.audit(
            AuditEvent(
                action="ingest.accounts_imported",
                actor=actor,
                object_type="campaign_accounts",
                object_id=source[:128],
                details=dict(counts) | {"posts_linked": linked},
            )
        )
        return {
            "new": counts["new"],
            "updated": counts["updated"],
            "unchanged": counts["unchanged"],
            "posts_linked": linked,
        }

    def _upsert(self, conn: sa.Connection, row: AccountRow) -> str:
        key = (campaign_accounts.c.platform == row.platform) & (
            sa.func.lower(campaign_accounts.c.handle) == row.handle.lower()
        )
        found = conn.execute(sa.select(campaign_accounts).where(key)).first()
        values = {
            "paslon_id": row.paslon_id,
            "platform": row.platform,
            "handle": row.handle,
            "account_id": row.account_id,
            "url": row.url,
            "registered_at": row.registered_at,
            "deactivated_at": row.deactivated_at,
            "source": row.source,
        }
        if found is None:
            conn.execute(campaign_accounts.insert().values(**values, created_at=utcnow()))
            return "new"
        if all(getattr(found, k) == v for k, v in values.items() if k != "handle"):
            return "unchanged"
        conn.execute(campaign_accounts.update().where(campaign_accounts.c.id == found.id).values(**values))
        return "updated"

    def _relink(self, conn: sa.Connection) -> int:
        """Set `post_intake.paslon_id` for every stored post written by a registered account."""
        linked = 0
        for acc in conn.execute(sa.select(campaign_accounts)).all():
            authored = (posts.c.platform == acc.platform) & (
                (sa.func.lower(posts.c.author_handle) == normalise_handle(acc.handle))
                | ((posts.c.author_id == acc.account_id) if acc.account_id else sa.false())
            )
            ids = sa.select(posts.c.post_id).where(authored)
            result = conn.execute(
                post_intake.update()
                .where(post_intake.c.platform == acc.platform, post_intake.c.post_id.in_(ids))
                .values(paslon_id=acc.paslon_id)
            )
            linked += max(result.rowcount or 0, 0)
        return linked

    def deactivate(self, platform: str, handle: str, when: datetime, *, actor: str) -> None:
        with self.app.db.transaction() as conn:
            result = conn.execute(
                campaign_accounts.update()
                .where(
                    campaign_accounts.c.platform == platform,
                    sa.func.lower(campaign_accounts.c.handle) == normalise_handle(handle),
                )
                .values(deactivated_at=when)
            )
            if not result.rowcount:
                raise NotFoundError(f"akun kampanye tidak terdaftar: {platform} {handle}")
        self.app.audit(
            AuditEvent(
                action="ingest.account_deactivated",
                actor=actor,
                object_type="campaign_account",
                object_id=f"{platform}:{handle}",
                details={"at": when.isoformat()},
            )
        )
