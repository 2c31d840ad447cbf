"""Seeded generator of realistic post streams with planted coordinated campaigns (ground truth).

Organic posts: text written by a word-transition (Markov) model trained on NusaX sentences
(Indonesian, Javanese, Minangkabau; CC BY-SA 4.0, `bench/data/nusax/`), with restarts so posts do
not copy the corpus; accounts with log-normal activity; popular hashtags; news links with a
life cycle (some shared with the headline as text, as share buttons do); reposts and replies of
popular posts; short replies under the near-duplicate length floor.

Planted campaigns (5-50 accounts each, mostly new accounts that also post organic content): several
waves per campaign; in each wave about 90% of the accounts act, within minutes (85% of campaigns)
or spread over one to three hours (15%). Kinds: edited copies of a template text (word drops and
substitutions, leetspeak, emoji, hashtag case), the same link, the same unusual hashtag set, or a
repost of the same target. Ground truth: the campaign of each planted account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

CORPUS = Path(__file__).resolve().parent / "data" / "nusax" / "sentences.txt"
START = 1_732_000_000  # 2024-11-19 07:06 UTC, the last week before the vote
SPAN = 7 * 86400
EMOJI = ["🔥", "💪", "🙏", "👍", "😂", "❤️", "✅", "🇮🇩", "💯", "👏"]
LEET = str.maketrans({"a": "4", "i": "1", "o": "0", "e": "3"})
KINDS = ("copy", "link", "hashtag", "repost")
KIND_SHARE = (0.4, 0.25, 0.15, 0.2)


@dataclass(frozen=True)
class Stream:
    frame: pl.DataFrame  # posts in the posts-jsonl shape (created_at as ISO text with +07:00)
    truth: dict[str, int]  # account key "platform:author_id" -> campaign number
    campaigns: list[dict[str, object]]


class Markov:
    """Word transitions of the corpus; walks restart at a random word with probability `restart`."""

    def __init__(self, sentences: list[str]) -> None:
        words = [s.split() for s in sentences if s.strip()]
        self.vocab = np.array(sorted({w for s in words for w in s}))
        index = {w: i for i, w in enumerate(self.vocab)}
        pairs = np.array([(index[a], index[b]) for s in words for a, b in zip(s, s[1:], strict=False)])
        order = np.argsort(pairs[:, 0], kind="stable")
        self.succ = pairs[order, 1]
        self.offsets = np.searchsorted(pairs[order, 0], np.arange(self.vocab.size + 1))
        self.starts = np.array([index[s[0]] for s in words])

    def texts(self, rng: np.random.Generator, lengths: np.ndarray, restart: float = 0.3) -> list[str]:
        n, longest = lengths.size, int(lengths.max(initial=1))
        ids = np.empty((n, longest), dtype=np.int64)
        state = rng.choice(self.starts, size=n)
        for step in range(longest):
            ids[:, step] = state
            count = self.offsets[state + 1] - self.offsets[state]
            pick = self.offsets[state] + (rng.random(n) * np.maximum(count, 1)).astype(np.int64)
            nxt = np.where(count > 0, self.succ[np.minimum(pick, self.succ.size - 1)], -1)
            jump = (nxt < 0) | (rng.random(n) < restart)
            state = np.where(jump, rng.integers(0, self.vocab.size, size=n), nxt)
        words = self.vocab[ids]
        return [" ".join(row[:k]) for row, k in zip(words.tolist(), lengths.tolist(), strict=True)]


def zipf_choice(rng: np.random.Generator, n_items: int, size: int, s: float = 1.1) -> np.ndarray:
    weights = 1.0 / np.arange(1, n_items + 1) ** s
    return rng.choice(n_items, size=size, p=weights / weights.sum())


def edit_copy(rng: np.random.Generator, template: str, vocab: np.ndarray) -> str:
    """An edited copy: ~10% of words dropped, swapped or leet-spelled; emoji and case noise."""
    out = []
    for word in template.split():
        roll = rng.random()
        if roll < 0.04:
            continue
        if roll < 0.07:
            word = str(vocab[rng.integers(vocab.size)])
        elif roll < 0.12 and not word.startswith("#"):
            word = word.translate(LEET)
        out.append(word.upper() if rng.random() < 0.03 else word)
    if rng.random() < 0.5:
        out.append("".join(rng.choice(EMOJI, size=rng.integers(1, 4))))
    if rng.random() < 0.3:
        out.insert(0, str(rng.choice(["Setuju!", "Ayo!", "Mantap", "Benar sekali", "Simak"])))
    return " ".join(out)


OUTLETS = (
    "jambiekspres.co.id",
    "tribunjambi.com",
    "jambi-independent.co.id",
    "detik.com",
    "kompas.com",
    "metrojambi.com",
    "jambione.com",
    "antaranews.com",
    "cnnindonesia.com",
    "liputan6.com",
)
SHORT = ("mantap", "setuju pak", "hadir", "siap bos", "mantul bang", "wkwk", "aamiin", "nah ini")


class _Builder:
    """Accumulates posts column by column."""

    def __init__(self) -> None:
        self.cols: dict[str, list[object]] = {
            k: []
            for k in (
                "author_id",
                "author_created_at",
                "text",
                "t",
                "urls",
                "hashtags",
                "repost_of",
                "reply_to",
            )
        }

    def add(
        self,
        author: str,
        created: int,
        text: str,
        t: int,
        urls: list[str] | None = None,
        hashtags: list[str] | None = None,
        repost_of: str | None = None,
        reply_to: str | None = None,
    ) -> None:
        for key, value in (
            ("author_id", author),
            ("author_created_at", created),
            ("text", text),
            ("t", t),
            ("urls", urls or []),
            ("hashtags", hashtags or []),
            ("repost_of", repost_of),
            ("reply_to", reply_to),
        ):
            self.cols[key].append(value)


def _hashtag_pool(rng: np.random.Generator, markov: Markov, size: int) -> list[str]:
    words = [w for w in markov.vocab.tolist() if w.isalpha() and 3 <= len(w) <= 10]
    picks = rng.choice(len(words), size=(size, 2))
    return ["Jambi", "PilkadaJambi", "Pilkada2024"] + [words[a].title() + words[b].title() for a, b in picks]


def _life(rng: np.random.Generator, born: np.ndarray, mean_s: float) -> np.ndarray:
    # Wrap past the end of the span instead of clipping: a clip piles posts onto one second.
    return (START + (born - START + rng.exponential(mean_s, size=born.size)) % SPAN).astype(np.int64)


def _organic(
    rng: np.random.Generator, markov: Markov, n: int, extra_authors: list[str], out: _Builder
) -> None:
    n_acc = max(50, n // 12)
    activity = rng.lognormal(0.0, 1.2, size=n_acc)
    authors = np.array([f"u{k}" for k in rng.choice(10**9, size=n_acc, replace=False)] + extra_authors)
    weights = np.concatenate([activity, np.full(len(extra_authors), np.median(activity))])
    author = rng.choice(authors.size, size=n, p=weights / weights.sum())
    created = START - rng.integers(100, 3000, size=authors.size) * 86400
    kind = rng.choice(5, size=n, p=[0.55, 0.05, 0.15, 0.15, 0.10])
    times = rng.integers(START, START + SPAN, size=n)
    texts = markov.texts(rng, rng.integers(6, 36, size=n))
    tags = _hashtag_pool(rng, markov, 3000)
    n_news, n_targets = max(20, n // 50), max(50, n // 20)
    news_born = rng.integers(START, START + SPAN, size=n_news)
    headlines = markov.texts(rng, rng.integers(8, 15, size=n_news))
    urls = [f"https://{OUTLETS[i % len(OUTLETS)]}/2024/11/berita-{i}" for i in range(n_news)]
    target_born = rng.integers(START, START + SPAN, size=n_targets)
    pick_news = zipf_choice(rng, n_news, n, 1.0)
    pick_target = zipf_choice(rng, n_targets, n, 1.0)
    news_t, target_t = (
        _life(rng, news_born[pick_news], 3 * 3600),
        _life(rng, target_born[pick_target], 2 * 3600),
    )
    tag_count = np.where(rng.random(n) < 0.3, rng.integers(1, 4, size=n), 0)
    tag_picks = zipf_choice(rng, len(tags), n * 3, 1.1).reshape(n, 3)
    hashtags = [sorted({tags[j] for j in tag_picks[i, : tag_count[i]]}) for i in range(n)]
    picks = {"news": pick_news, "target": pick_target, "news_t": news_t, "target_t": target_t}
    for i in range(n):
        who, when = str(authors[author[i]]), int(created[author[i]])
        _organic_post(rng, out, who, when, int(kind[i]), i, texts, hashtags, times, headlines, urls, picks)


def _organic_post(
    rng: np.random.Generator,
    out: _Builder,
    who: str,
    when: int,
    k: int,
    i: int,
    texts: list[str],
    hashtags: list[list[str]],
    times: np.ndarray,
    headlines: list[str],
    urls: list[str],
    picks: dict[str, np.ndarray],
) -> None:
    """One organic post of type k: text (with hashtags), short reply, link share, repost, reply."""
    if k == 0:
        out.add(
            who,
            when,
            " ".join([texts[i], *("#" + h for h in hashtags[i])]),
            int(times[i]),
            hashtags=hashtags[i],
        )
    elif k == 1:
        out.add(who, when, SHORT[i % len(SHORT)], int(times[i]))
    elif k == 2:
        j = picks["news"][i]
        body = headlines[j] if rng.random() < 0.25 else texts[i]
        out.add(who, when, f"{body} {urls[j]}", int(picks["news_t"][i]), urls=[urls[j]])
    elif k == 3:
        out.add(who, when, "", int(picks["target_t"][i]), repost_of=f"t{picks['target'][i]}")
    else:
        out.add(who, when, texts[i], int(picks["target_t"][i]), reply_to=f"t{picks['target'][i]}")


def _participation(rng: np.random.Generator, size: int, waves: int) -> np.ndarray:
    """Who acts in which wave: about 90% each time, every account in at least two waves."""
    acts = rng.random((size, waves)) < 0.9
    for row in np.flatnonzero(acts.sum(axis=1) < 2):
        acts[row, rng.choice(waves, size=2, replace=False)] = True
    return acts


def _campaign(rng: np.random.Generator, markov: Markov, number: int, out: _Builder) -> dict[str, object]:
    size, waves = int(rng.integers(5, 51)), int(rng.integers(3, 7))
    kind = str(rng.choice(KINDS, p=KIND_SHARE))
    slow = bool(rng.random() < 0.15)
    accounts = [f"u{k}" for k in rng.integers(10**9, 2 * 10**9, size=size)]
    young = rng.random(size) < 0.6
    created = np.where(
        young,
        START - rng.integers(5, 80, size=size) * 86400,
        START - rng.integers(200, 2000, size=size) * 86400,
    )
    acts = _participation(rng, size, waves)
    tags = [
        f"{w.title()}Paslon{number % 5 + 1}" for w in markov.vocab[rng.integers(markov.vocab.size, size=3)]
    ]
    for wave in range(waves):
        start = int(rng.integers(START, START + SPAN - 4 * 3600))
        spread = int(rng.integers(3600, 3 * 3600)) if slow else int(rng.integers(60, 600))
        template = markov.texts(rng, np.array([int(rng.integers(15, 31))]))[0]
        if rng.random() < 0.5:
            template += " " + " ".join("#" + t for t in tags[:2])
        wave_tags = sorted(rng.choice(tags, size=int(rng.integers(2, 4)), replace=False).tolist())
        link = f"https://suara-rakyat-{number}.blogspot.com/2024/11/kabar-{wave}.html"
        own = markov.texts(rng, rng.integers(8, 30, size=size))
        for j in np.flatnonzero(acts[:, wave]):
            when, who, born = start + int(rng.integers(0, spread)), accounts[j], int(created[j])
            if kind == "copy":
                out.add(who, born, edit_copy(rng, template, markov.vocab), when)
            elif kind == "link":
                out.add(who, born, f"{own[j]} {link}", when, urls=[link])
            elif kind == "hashtag":
                out.add(
                    who, born, " ".join([own[j], *("#" + t for t in wave_tags)]), when, hashtags=wave_tags
                )
            else:
                out.add(who, born, "", when, repost_of=f"camp{number}w{wave}")
    return {"number": number, "kind": kind, "slow": slow, "accounts": accounts, "waves": waves}


def generate(n_posts: int, seed: int = 8, campaign_share: float = 0.05) -> Stream:
    """A stream of about `n_posts` posts, `campaign_share` of them from planted campaigns."""
    rng = np.random.default_rng(seed)
    markov = Markov(CORPUS.read_text(encoding="utf-8").splitlines())
    out = _Builder()
    campaigns: list[dict[str, object]] = []
    while len(out.cols["t"]) < n_posts * campaign_share:
        campaigns.append(_campaign(rng, markov, len(campaigns), out))
    planted = [a for c in campaigns for a in c["accounts"]]  # type: ignore[attr-defined]
    _organic(rng, markov, n_posts - len(out.cols["t"]), planted, out)
    return Stream(_frame(rng, out), _truth(campaigns), campaigns)


def _truth(campaigns: list[dict[str, object]]) -> dict[str, int]:
    return {f"x:{a}": int(c["number"]) for c in campaigns for a in c["accounts"]}  # type: ignore[attr-defined, call-overload]


def _frame(rng: np.random.Generator, out: _Builder) -> pl.DataFrame:
    n = len(out.cols["t"])
    wib = "%Y-%m-%dT%H:%M:%S%:z"
    frame = pl.DataFrame(
        out.cols, schema_overrides={"urls": pl.List(pl.String), "hashtags": pl.List(pl.String)}
    )
    frame = frame.with_columns(
        pl.lit("x").alias("platform"),
        pl.Series("post_id", rng.permutation(n).astype(str)),
        pl.col("author_id").alias("author_handle"),
        pl.from_epoch("t")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone("Asia/Jakarta")
        .dt.strftime(wib)
        .alias("created_at"),
        pl.from_epoch("author_created_at")
        .dt.replace_time_zone("UTC")
        .dt.strftime(wib)
        .alias("author_created_at"),
    )
    columns = [
        "platform",
        "post_id",
        "author_id",
        "author_handle",
        "author_created_at",
        "text",
        "created_at",
        "urls",
        "hashtags",
        "repost_of",
        "reply_to",
    ]
    return frame.select(columns).sample(fraction=1.0, shuffle=True, seed=int(rng.integers(2**31)))


def write_stream(stream: Stream, posts_path: Path, truth_path: Path | None = None) -> None:
    stream.frame.write_ndjson(posts_path)
    if truth_path is not None:
        truth_path.write_text(json.dumps({"truth": stream.truth, "campaigns": stream.campaigns}))
