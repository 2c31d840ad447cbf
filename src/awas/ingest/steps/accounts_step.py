"""Link posts to the paslon whose registered campaign account wrote them (`paslon_id`).

Matching follows `CampaignAccountRegistry.lookup`: the platform account id first, then the handle
(case-insensitive, without '@'). The registry is passed in as a small table so the step stays a
pure batch function.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from awas.domain.accounts import CampaignAccount
from awas.ingest.registry import normalise_handle

REGISTRY_SCHEMA = {"platform": pl.String, "key": pl.String, "paslon_id": pl.String}


def registry_table(accounts: Iterable[CampaignAccount]) -> pl.DataFrame:
    rows = []
    for a in accounts:
        if a.account_id:
            rows.append((a.platform, "id:" + a.account_id, a.paslon_id))
        rows.append((a.platform, "handle:" + normalise_handle(a.handle), a.paslon_id))
    return pl.DataFrame(rows, schema=REGISTRY_SCHEMA, orient="row").unique(["platform", "key"])


def link_accounts(batch: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """Add `paslon_id` (None when the author is no registered campaign account)."""
    by_id = registry.rename({"paslon_id": "_by_id"})
    by_handle = registry.rename({"paslon_id": "_by_handle"})
    handle = pl.col("author_handle").str.to_lowercase().str.strip_chars().str.strip_chars_start("@")
    return (
        batch.with_columns(("id:" + pl.col("author_id")).alias("_kid"), ("handle:" + handle).alias("_kh"))
        .join(by_id, left_on=["platform", "_kid"], right_on=["platform", "key"], how="left")
        .join(by_handle, left_on=["platform", "_kh"], right_on=["platform", "key"], how="left")
        .with_columns(pl.coalesce("_by_id", "_by_handle").alias("paslon_id"))
        .drop("_kid", "_kh", "_by_id", "_by_handle")
    )
