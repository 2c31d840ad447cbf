"""Link clusters to paslon: through the campaign account registry, and through entity linking.

- Registry: each account is looked up (`AccountRegistry.lookup`); a registered account carries its
  paslon. A cluster mixing registered and unregistered accounts, or of unregistered accounts that
  push one paslon, is what the Bawaslu cross-check looks for.
- Entity linking is a seam: `EntityLinker(text) -> paslon ids` mentioned in a text. The detection
  capability owns the linker: `detection_linker(app)` adapts `awas.detect.entities.EntityLinker`
  (names, nicknames, parties, ballot numbers of the reference paslon) and is what the store run uses
  unless another linker is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from awas.app import App
from awas.coord.frame import split_account
from awas.coord.records import Cluster
from awas.detect.entities import EntityLinker as PaslonLinker
from awas.domain.accounts import AccountRegistry

EntityLinker = Callable[[str], Sequence[str]]
MIN_MENTION_SHARE = 0.3  # a paslon named in at least this share of the cluster's texts is linked


def detection_linker(app: App) -> EntityLinker:
    """Detection's paslon linker over `app`'s reference paslon and elections: text -> the paslon it
    is about (one, or none when it names several), exactly as a detection finding decides it."""
    linker = PaslonLinker(list(app.reference.paslon.values()), app.reference.elections)
    return linker.paslon_of


@dataclass(frozen=True, slots=True)
class ClusterLinks:
    registered: dict[str, str]  # account -> paslon id, for registered campaign accounts
    handles: dict[str, str | None]  # account -> handle
    paslon_ids: tuple[str, ...]  # from the registry and from entity linking, most evidence first


def link_clusters(
    clusters: Sequence[Cluster],
    frame: pl.DataFrame,
    registry: AccountRegistry | None,
    linker: EntityLinker | None = None,
) -> dict[str, ClusterLinks]:
    """Links of every cluster (`frame` holds the cluster posts: platform, post_id, text, author_handle)."""
    handles = dict(frame.select("account", "author_handle").unique("account").iter_rows())
    texts = dict(
        zip(
            zip(frame["platform"].to_list(), frame["post_id"].to_list(), strict=True),
            frame["text"].to_list(),
            strict=True,
        )
    )
    return {c.id: _links(c, handles, texts, registry, linker) for c in clusters}


def _links(
    cluster: Cluster,
    handles: dict[str, str | None],
    texts: dict[tuple[str, str], str],
    registry: AccountRegistry | None,
    linker: EntityLinker | None,
) -> ClusterLinks:
    registered: dict[str, str] = {}
    for account in cluster.accounts:
        platform, author_id = split_account(account)
        found = registry.lookup(platform, author_id, handles.get(account)) if registry else None
        if found is not None:
            registered[account] = found.paslon_id
    votes = Counter(registered.values())
    if linker is not None:
        mentioned = [p for key in cluster.posts for p in set(linker(texts.get(key, "")))]
        needed = MIN_MENTION_SHARE * max(1, len(cluster.posts))
        votes.update({p: n for p, n in Counter(mentioned).items() if n >= needed})
    ranked = tuple(p for p, _n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])))
    return ClusterLinks(registered, {a: handles.get(a) for a in cluster.accounts}, ranked)
