"""URL canonicalisation: links found in the text are added, tracking parameters stripped, hosts
lower-cased, fragments dropped; link-shortener domains are recorded (`shorteners`) because
campaigns hide destinations behind them (s.id, bit.ly...).

Canonicalisation runs once per distinct URL in the batch, not once per post.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import polars as pl

URL_PATTERN = r"https?://[^\s<>\"'\)\]]+"
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "igshid",
        "igsh",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "yclid",
        "twclid",
        "ttclid",
        "wbraid",
        "gbraid",
        "spm",
        "share_id",
        "mibextid",
        "rdid",
    }
)
# Parameters that only track on these hosts (elsewhere they may select content).
HOST_TRACKING = {
    "youtube.com": {"si", "feature", "pp"},
    "youtu.be": {"si", "feature"},
    "x.com": {"s", "t"},
    "twitter.com": {"s", "t"},
    "tiktok.com": {"_r", "_t", "is_from_webapp", "sender_device", "sender_web_id"},
    "instagram.com": {"utm_source", "img_index"},
}
SHORTENERS = frozenset(
    {
        "bit.ly",
        "s.id",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "buff.ly",
        "cutt.ly",
        "rebrand.ly",
        "is.gd",
        "lnkd.in",
        "shorturl.at",
        "rb.gy",
        "tiny.cc",
        "t.ly",
        "v.gd",
        "bitly.com",
        "trib.al",
        "dlvr.it",
        "fb.me",
        "wa.link",
        "linktr.ee",
        "bit.do",
        "shorturl.asia",
        "short.gy",
        "vt.tiktok.com",
    }
)


def _base_host(host: str) -> str:
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """The canonical form of one URL; text that is not an http(s) URL is returned stripped."""
    url = url.strip().rstrip(".,;:!?")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    drop = HOST_TRACKING.get(_base_host(host), set())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_PARAMS and k not in drop
    ]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query, doseq=True), ""))


@lru_cache(maxsize=65536)
def shortener_of(url: str) -> str | None:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    base = _base_host(host)
    return base if base in SHORTENERS or host in SHORTENERS else None


def canonicalise_urls(batch: pl.DataFrame) -> pl.DataFrame:
    """Merge links in the text into `urls`, canonicalise them and `url`, add `shorteners`."""
    merged = batch.with_columns(
        pl.concat_list(pl.col("urls").fill_null([]), pl.col("text").str.extract_all(URL_PATTERN))
        .list.unique(maintain_order=True)
        .alias("urls")
    )
    distinct = merged.select(pl.col("urls").explode().drop_nulls().unique()).to_series().to_list()
    distinct += merged.select(pl.col("url").drop_nulls().unique()).to_series().to_list()
    mapping = {u: canonical_url(u) for u in distinct}
    short = {u: s for u, s in ((u, shortener_of(u)) for u in mapping) if s}
    keys, values = list(mapping), list(mapping.values())
    return merged.with_columns(
        pl.col("urls")
        .list.eval(pl.element().replace_strict(keys, values, default=pl.element()))
        .list.unique(maintain_order=True),
        pl.col("url").replace_strict(keys, values, default=pl.col("url")),
        pl.col("urls")
        .list.eval(pl.element().replace_strict(list(short), list(short.values()), default=None))
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .alias("shorteners"),
    )
