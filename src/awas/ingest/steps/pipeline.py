"""The intake pipeline: the steps every feeder's output goes through, in order.

1. Unicode normalisation; 2. URL canonicalisation; 3. language identification; 4. region
attribution; 5. duplicate keys; 6. campaign signal; 7. registered-account link.

`IntakeContext` holds what the steps need from the reference data and the account registry; it is
plain data, so the Ray engine can ship it to workers and call `run_intake` on each batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from awas.ingest.steps.accounts_step import link_accounts, registry_table
from awas.ingest.steps.campaign_step import CampaignLexicon, campaign_signal
from awas.ingest.steps.dedupe_step import duplicate_keys
from awas.ingest.steps.language_step import identify_language
from awas.ingest.steps.normalise_step import normalise_unicode
from awas.ingest.steps.regions_step import Gazetteer, attribute_regions
from awas.ingest.steps.urls_step import canonicalise_urls
from awas.reference.catalog import ReferenceCatalog
from awas.store.db import Database


@dataclass
class IntakeContext:
    gazetteer: Gazetteer
    lexicon: CampaignLexicon
    registry: pl.DataFrame

    @classmethod
    def load(cls, db: Database, reference: ReferenceCatalog) -> IntakeContext:
        from awas.ingest.registry import CampaignAccountRegistry

        return cls(
            Gazetteer.build(reference.regions.values()),
            CampaignLexicon.build(reference.paslon.items()),
            registry_table(CampaignAccountRegistry(db).all()),
        )


def run_intake(batch: pl.DataFrame, ctx: IntakeContext) -> pl.DataFrame:
    """All intake steps over one batch; the result has the post columns plus the annotations."""
    if batch.height == 0:
        return batch
    batch = normalise_unicode(batch)
    batch = canonicalise_urls(batch)
    batch = identify_language(batch)
    batch = attribute_regions(batch, ctx.gazetteer)
    batch = duplicate_keys(batch)
    batch = campaign_signal(batch, ctx.lexicon)
    return link_accounts(batch, ctx.registry)
