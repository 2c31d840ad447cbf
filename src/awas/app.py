"""The one core object every front end uses: settings, database, reference catalogue, audit.

CLI commands, web routes, workers and the Ray engine build an `App` and call capability services
with it; none of them holds business logic (C8).
"""

from __future__ import annotations

from functools import cached_property
from types import TracebackType

from awas.crypto import SecretSealer
from awas.domain.audit import AuditEvent
from awas.reference.catalog import ReferenceCatalog
from awas.settings import Settings, load_settings
from awas.store.audit import append_audit
from awas.store.db import Database
from awas.store.migrate import is_up_to_date, upgrade


def pool_options(settings: Settings) -> dict[str, float]:
    """The PostgreSQL pool settings (`AWAS_DB_POOL_*`); SQLite ignores them."""
    return {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout,
        "pool_recycle": settings.db_pool_recycle,
    }


class App:
    """Build with `App()` (settings from the environment) or `App(settings)`; close when done."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.db = Database(self.settings.resolved_database_url, pool=pool_options(self.settings))

    def __enter__(self) -> App:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.dispose()

    def upgrade_schema(self) -> list[str]:
        """Apply pending migrations; return the revisions applied."""
        return upgrade(self.db)

    def schema_is_current(self) -> bool:
        return is_up_to_date(self.db)

    @cached_property
    def reference(self) -> ReferenceCatalog:
        return ReferenceCatalog(self.db)

    @cached_property
    def sealer(self) -> SecretSealer:
        """Seals secrets at rest with AWAS_SECRET_KEY (old keys from AWAS_PREVIOUS_SECRET_KEYS still open)."""
        return SecretSealer(self.settings.secret_key.get_secret_value(), self.settings.previous_keys)

    def audit(self, event: AuditEvent) -> None:
        """Record an event in its own transaction (for attempts that changed nothing, e.g. refusals)."""
        with self.db.transaction() as conn:
            append_audit(conn, event)
