"""Detection fixtures: reference records (read once from the migrated template) and post factories."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from awas.detect.context import DetectionContext, RegistrySnapshot, schedule_from
from awas.detect.hoax import FactCheck
from awas.domain.accounts import CampaignAccount
from awas.domain.elections import Election, Paslon, SchedulePhase
from awas.domain.legal import ViolationCategory
from awas.domain.posts import Post
from awas.reference.catalog import ReferenceCatalog
from awas.store.db import Database
from awas.timeutil import parse_aware
from tests.conftest import Templates


@dataclass(frozen=True)
class Reference:
    categories: dict[str, ViolationCategory]
    elections: dict[str, Election]
    paslon: list[Paslon]
    schedule: dict[str, SchedulePhase]


@pytest.fixture(scope="session")
def reference(templates: Templates) -> Reference:
    db = Database(f"sqlite:///{templates.sqlite('reference')}")
    try:
        catalog = ReferenceCatalog(db)
        return Reference(
            catalog.categories, catalog.elections, list(catalog.paslon.values()), catalog.schedule
        )
    finally:
        db.dispose()


ContextFactory = Callable[..., DetectionContext]


@pytest.fixture(scope="session")
def make_context(reference: Reference) -> ContextFactory:
    def build(
        accounts: Sequence[CampaignAccount] = (), factchecks: Sequence[FactCheck] = ()
    ) -> DetectionContext:
        from awas.detect.textmodel import shipped_model

        return DetectionContext(
            model=shipped_model(),
            categories=reference.categories,
            elections=reference.elections,
            paslon=reference.paslon,
            schedule=schedule_from(reference.schedule),
            registry=RegistrySnapshot(accounts),
            factchecks=factchecks,
        )

    return build


@pytest.fixture(scope="session")
def context(make_context: ContextFactory) -> DetectionContext:
    return make_context()


_counter = iter(range(1, 10**9))


def make_post(text: str, created_at: str = "2024-10-15T10:00:00+07:00", **fields: Any) -> Post:
    """A post with sensible defaults (campaign period, platform x, a fresh id)."""
    values: dict[str, Any] = {
        "platform": "x",
        "post_id": f"t-{next(_counter)}",
        "author_id": "a-1",
        "author_handle": "warga_biasa",
        "text": text,
        "created_at": parse_aware(created_at),
    }
    values.update(fields)
    return Post(**values)


def at(text: str) -> datetime:
    return parse_aware(text)
