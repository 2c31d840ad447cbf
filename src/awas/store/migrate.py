"""Alembic, driven from code: `awas db upgrade` and the test setup both call `upgrade`.

Each capability owns an Alembic branch rooted at the foundation revision, so the schema is the set
of all heads (`upgrade heads`).
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from awas.store.db import Database


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "awas.store:migrations")
    return cfg


def upgrade(db: Database, revision: str = "heads") -> list[str]:
    """Apply every pending migration; return the revisions that were applied (empty if up to date)."""
    before = current_revisions(db)
    cfg = alembic_config()
    with db.write_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    after = current_revisions(db)
    return sorted(_ancestry(after) - _ancestry(before))


def _ancestry(heads: set[str]) -> set[str]:
    """Every revision at or below `heads` (so a branch applied on top of the foundation lists both)."""
    if not heads:
        return set()
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.iterate_revisions(tuple(heads), "base") if rev is not None}


def current_revisions(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def is_up_to_date(db: Database) -> bool:
    return current_revisions(db) == head_revisions()
