"""Everything detection needs besides the posts, built once and shared (picklable, for Ray workers).

`build_context(app)` reads the reference catalogue, the campaign-account registry and the
fact-check store from the database; `DetectionContext(...)` can also be built from plain records
(tests, the Ray engine) without a database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from awas.detect.entities import EntityLinker
from awas.detect.factcheck_store import load_factchecks
from awas.detect.hoax import FactCheck, HoaxIndex
from awas.detect.lexicon_rules import CONTEXT_FILE, RULE_FILES, context_patterns, read_rule_yaml, rule_entries
from awas.detect.rule_matcher import RuleMatcher
from awas.detect.schedule_rules import Schedule
from awas.detect.textmodel import TextModel, shipped_model
from awas.domain.accounts import AccountRegistry, CampaignAccount
from awas.domain.elections import Election, Paslon, SchedulePhase
from awas.domain.legal import ViolationCategory
from awas.text import normalise

DETECTOR = "awas.detect"


class RegistrySnapshot:
    """The campaign-account registry as plain data (same lookup rules as awas.ingest.registry)."""

    def __init__(self, accounts: Iterable[CampaignAccount]) -> None:
        self.accounts = tuple(accounts)
        self._by_id = {(a.platform, a.account_id): a for a in self.accounts if a.account_id}
        self._by_handle = {(a.platform, _handle(a.handle)): a for a in self.accounts}

    def lookup(self, platform: str, author_id: str, handle: str | None) -> CampaignAccount | None:
        found = self._by_id.get((platform, author_id))
        if found is None and handle:
            found = self._by_handle.get((platform, _handle(handle)))
        return found


def _handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


@cache
def rules_version() -> str:
    """A digest of the bundled rule files: part of every finding's detector version."""
    digest = hashlib.sha256()
    for name in (*RULE_FILES, CONTEXT_FILE, "entities.yaml"):
        digest.update((files("awas.detect") / "rules" / name).read_bytes())
    return digest.hexdigest()[:8]


@dataclass
class DetectionContext:
    model: TextModel
    categories: dict[str, ViolationCategory]
    elections: dict[str, Election]
    paslon: Sequence[Paslon]
    schedule: Schedule
    registry: AccountRegistry | None = None
    factchecks: Sequence[FactCheck] = ()
    matcher: RuleMatcher = field(default_factory=lambda: RuleMatcher(rule_entries()))
    linker: EntityLinker = field(init=False)
    hoax_index: HoaxIndex = field(init=False)
    context_words: frozenset[str] = field(init=False)
    account_terms: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.linker = EntityLinker(self.paslon, self.elections)
        self.hoax_index = HoaxIndex(self.factchecks, self.model.bits)
        self.context_words = frozenset(p.words[0] for p in context_patterns() if p.words)
        self.account_terms = _account_terms()

    @property
    def detector_version(self) -> str:
        return f"{self.model.version}+rules-{rules_version()}"


def _account_terms() -> tuple[str, ...]:
    return tuple(normalise(t) for t in read_rule_yaml(CONTEXT_FILE)["campaign_account_terms"])


def schedule_from(phases: dict[str, SchedulePhase]) -> Schedule:
    return Schedule({stage: (p.starts_at, p.ends_at) for stage, p in phases.items()})


def build_context(app: object, *, model: TextModel | None = None) -> DetectionContext:
    """The context for `app` (an awas.app.App): reference data, registry snapshot, fact-checks."""
    from awas.app import App
    from awas.ingest.registry import CampaignAccountRegistry

    assert isinstance(app, App)
    ref = app.reference
    return DetectionContext(
        model=model or shipped_model(),
        categories=ref.categories,
        elections=ref.elections,
        paslon=list(ref.paslon.values()),
        schedule=schedule_from(ref.schedule),
        registry=RegistrySnapshot(CampaignAccountRegistry(app.db).all()),
        factchecks=load_factchecks(app.db),
    )
