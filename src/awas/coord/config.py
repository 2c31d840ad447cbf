"""Parameters of coordination detection, with the reason for each default.

One `CoordConfig` drives the engine, the incremental store and the CLI. Changing a parameter that
shapes the stored state (shingles, hashes, bands, windows) needs a rebuild (`awas coord detect
--rebuild`); `state_fingerprint` names those parameters.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum

import polars as pl


class Kind(StrEnum):
    """Cluster kinds of the output contract (specs/cli-contracts.md, `awas coord detect`)."""

    NEAR_DUPLICATE_TEXT = "near_duplicate_text"
    CO_LINK = "co_link"
    CO_HASHTAG = "co_hashtag"
    CO_REPOST = "co_repost"


# Reply targets are a co-action of their own in the QUT toolkit (co-reply); the contract has no
# separate kind, so a shared reply target counts as a shared repost target (both amplify one post).
KINDS: tuple[Kind, ...] = tuple(Kind)


@dataclass(frozen=True, slots=True)
class CoordConfig:
    """Detection parameters. `windows` (seconds per kind) set by the analyst win over estimates."""

    # Near-duplicate text. Word 2-shingles of the normalised text; 32 hashes as 8 bands of 4 rows
    # put the LSH threshold near (1/8)^(1/4) = 0.59 Jaccard; candidates are verified at 0.45 and
    # groups are transitive, so edited copies below 0.59 still join through their siblings
    # (64 hashes measured no better on the benchmark streams, at twice the cost).
    num_hashes: int = 32
    bands: int = 8
    similarity: float = 0.45  # verified estimated Jaccard for two texts to be near-duplicates
    min_tokens: int = 6  # shorter texts ("mantap bang", "setuju") collide by chance
    max_bucket: int = 24  # larger LSH buckets are joined whole instead of verified pair by pair
    # Co-action. Two posts on the same item by different accounts within the window co-act;
    # an edge needs co-actions on at least `min_repetitions` distinct items (CooRnet, QUT).
    min_repetitions: int = 2
    # ... and those items must be a large enough share of what the two accounts shared at all
    # (see network.account_edges): very active accounts meet by chance on popular posts.
    min_overlap: float = 0.25
    # ... counting only co-actions in bursts that hold this share of all accounts that ever posted
    # the item (pairs.with_concentration): a campaign posts its link in one burst, a viral one is not.
    min_concentration: float = 0.3
    max_neighbours: int = 48  # bound on partners per post in a dense burst (hostile input)
    windows: dict[str, int] = field(default_factory=dict)
    min_window: int = 30
    max_window: int = 600  # coordination happens within minutes; the analyst may set more
    # Slow scale (coverage.py): co-action within hours, kept only on items the group covers.
    slow_window: int = 3 * 3600
    # Candidate groups are Louvain communities of the slow edges, so a crowd of strangers does not
    # "cover" a popular item just by being one large component (coverage.py).
    slow_kinds: tuple[str, ...] = ("near_duplicate_text", "co_link", "co_hashtag", "co_repost")
    min_coverage: float = 0.5
    slow_min_repetitions: int = 3
    slow_max_item_accounts: int = 200  # items posted by more over hours are viral, not slow campaigns
    min_hashtags: int = 2  # a single popular hashtag is not a coordination signal
    # Clusters: connected components; a component larger than `split_above` accounts is split into
    # communities (Louvain, seeded) so two campaigns joined by a stray edge are reported apart.
    min_accounts: int = 3
    split_above: int = 60
    seed: int = 8

    def window_for(self, kind: Kind) -> int | None:
        return self.windows.get(kind.value)

    def with_windows(self, windows: dict[str, int]) -> CoordConfig:
        return CoordConfig(**(asdict(self) | {"windows": dict(windows)}))

    def state_fingerprint(self) -> str:
        """Hash of the parameters the stored state depends on (a change needs a rebuild)."""
        shaping = {
            "num_hashes": self.num_hashes,
            "bands": self.bands,
            "similarity": self.similarity,
            "min_tokens": self.min_tokens,
            "max_bucket": self.max_bucket,
            "max_neighbours": self.max_neighbours,
            "min_hashtags": self.min_hashtags,
            "hash": f"polars-{pl.__version__}",
            "windows": dict(sorted(self.windows.items())),
            "slow_window": self.slow_window,
            "slow_kinds": list(self.slow_kinds),
        }
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]

    @property
    def rows(self) -> int:
        return self.num_hashes // self.bands
