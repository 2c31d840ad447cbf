"""What happens in the demo corpus: organic talk, registered campaign accounts (also in the quiet
period), unregistered campaigners, violations, and three planted coordinated campaigns."""

from __future__ import annotations

from datetime import timedelta

from scripts.ingest_samples.corpus import Account, Builder, Paslon

REGISTERED_PLATFORMS = ("instagram", "facebook", "tiktok", "x", "youtube")
COUNTS = {
    "organic": 230,
    "support": 45,
    "money_politics": 22,
    "sara": 10,
    "hoax": 16,
    "defamation": 8,
    "neutrality": 14,
}


def registered_accounts(b: Builder) -> dict[str, list[Account]]:
    """Official accounts of each focus paslon (fictional `.demo` handles) and the registry rows."""
    found: dict[str, list[Account]] = {}
    for p in b.paslon:
        slug = p.short.lower().replace(" ", "").replace("-", "")
        for platform in REGISTERED_PLATFORMS[: 3 + p.no % 3]:
            handle = f"{slug}.demo" if platform != "x" else f"{slug}_demo"[:15]
            acc = Account(
                platform,
                f"reg-{platform}-{slug}" if platform != "tiktok" else handle,
                handle,
                f"{p.short} Official",
            )
            found.setdefault(p.id, []).append(acc)
            b.corpus.registry.append(
                {
                    "paslon_id": p.id,
                    "platform": platform,
                    "handle": handle,
                    "account_id": acc.id if platform != "tiktok" else "",
                    "url": "",
                    "registered_at": "2024-09-24",
                    "deactivated_at": "2024-11-23" if p.no % 2 else "",
                    "source": "Salinan daftar akun resmi dari KPU (sintetis, demo)",
                }
            )
    return found


PREFIXES = (
    "",
    "",
    "",
    "Bismillah, ",
    "Jujur aja, ",
    "Menurutku ",
    "Info: ",
    "Wkwk ",
    "Sanak, ",
    "Guys, ",
    "Nah, ",
)
SUFFIXES = (
    "",
    "",
    "",
    " #PilkadaJambi",
    " #JambiDamai",
    " 🙏",
    " Setuju?",
    " Gimana menurut kalian?",
    " #Pilkada2024",
    " mantap",
    " 😅",
    " Semoga ya.",
)


def organic(b: Builder) -> None:
    for _ in range(COUNTS["organic"]):
        phase = b.rng.choices(["campaign", "quiet", "voting", "after"], weights=[70, 8, 14, 8])[0]
        text = b.rng.choice(PREFIXES) + b.fill(b.rng.choice(b.texts["organic"])) + b.rng.choice(SUFFIXES)
        b.add("organic", text, b.account(b.platform()), b.when(phase))


def campaign_accounts(b: Builder, official: dict[str, list[Account]]) -> None:
    for _ in range(COUNTS["support"]):
        p = b.rng.choice(b.paslon)
        b.add(
            "registered_campaign",
            b.fill(b.rng.choice(b.texts["support"]), p),
            b.rng.choice(official[p.id]),
            b.when("campaign"),
        )
    for i, template in enumerate(b.texts["quiet_period"] * 2):
        p = b.paslon[i % len(b.paslon)]
        b.add("quiet_period_campaign", b.fill(template, p), official[p.id][0], b.when("quiet"))


def unregistered(b: Builder) -> None:
    for i in range(6):
        p = b.paslon[(i * 3) % len(b.paslon)]
        user = b.users[150 + i]
        account = b.account(["facebook", "instagram", "tiktok", "x"][i % 4], user)
        for template in b.texts["unregistered"][: 3 + i % 3]:
            b.add("unregistered_campaign_account", b.fill(template, p), account, b.when("campaign"))


def violations(b: Builder) -> None:
    phases = {
        "money_politics": ["campaign", "quiet", "quiet"],
        "hoax": ["campaign", "quiet", "voting", "after"],
    }
    for category in ("money_politics", "sara", "hoax", "defamation", "neutrality"):
        for _ in range(COUNTS[category]):
            phase = b.rng.choice(phases.get(category, ["campaign"]))
            b.add(category, b.fill(b.rng.choice(b.texts[category])), b.account(b.platform()), b.when(phase))


def coordinated(b: Builder) -> None:
    """Three planted campaigns: edited copies, the same link, the same hashtags, within minutes."""
    plans = [("x", 14, 9, "after"), ("tiktok", 8, 5, "campaign"), ("x", 18, 14, "quiet")]
    for spec, (platform, size, minutes, phase) in zip(b.texts["coordinated"], plans, strict=True):
        p: Paslon = b.rng.choice(b.paslon)
        start = b.when(phase)
        variants = [spec["base"], *spec["edits"]]
        for k in range(size):
            acct_platform = platform if k % 4 else b.rng.choice(["facebook", "instagram", platform])
            account = b.account(acct_platform, b.users[(k * 11 + len(spec["name"])) % 150])
            text = b.fill(variants[k % len(variants)], p)
            created = start + timedelta(seconds=int(minutes * 60 * k / size) + b.rng.randint(0, 40))
            b.add(f"coordinated:{spec['name']}", text, account, created)


def tips(b: Builder) -> None:
    for i, template in enumerate(b.texts["tips"], start=1):
        post = b.add(
            "tip", b.fill(template), Account("tip", f"pelapor-demo-{i:02d}", "", ""), b.when("quiet")
        )
        post.update(post_id=f"tip-demo-{i:03d}", author_handle=None, author_name=None)


def build() -> Builder:
    b = Builder()
    official = registered_accounts(b)
    organic(b)
    campaign_accounts(b, official)
    unregistered(b)
    violations(b)
    coordinated(b)
    tips(b)
    b.corpus.posts.sort(key=lambda p: p["created_at"])
    return b
