"""Coordination wired to intake (URL canonicalisation) and detection (paslon linking)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from awas.app import App
from awas.coord.config import Kind
from awas.coord.describe import describe_cluster
from awas.coord.engine import detect_frame
from awas.coord.jsonl import read_posts_jsonl
from awas.coord.query import list_clusters
from awas.coord.service import detect_in_store
from tests.coord.streams import store_frame
from tests.integration.conftest import FIXED, T0, campaign_records, import_posts, record, write_jsonl

# One link, as five accounts share it: tracking parameters, host case, fragment, trailing "." differ.
LINK_FORMS = [
    "https://berita.example/kabar-{n}",
    "https://berita.example/kabar-{n}?utm_source=whatsapp&utm_medium=share",
    "https://BERITA.example/kabar-{n}?fbclid=IwAR0abc{i}",
    "https://berita.example/kabar-{n}#komentar",
    "https://berita.example/kabar-{n}?igshid=xyz{i}.",
]


def link_records() -> list[dict[str, Any]]:
    rows = []
    for n in range(2):
        for i, form in enumerate(LINK_FORMS):
            url = form.format(n=n, i=i)
            when = T0 + timedelta(days=n, seconds=30 * i)
            rows.append(record(f"l{n}{i}", f"ring{i}", when, f"baca ini warga {url}", urls=[url]))
    return rows


def _link_clusters(clusters: tuple[Any, ...]) -> list[set[str]]:
    return [set(c.accounts) for c in clusters if c.kind is Kind.CO_LINK]


def test_a_file_s_links_are_canonicalised_by_intake_so_the_ring_is_found(tmp_path: Path) -> None:
    frame = read_posts_jsonl(write_jsonl(link_records(), tmp_path / "posts.jsonl"))
    ring = {f"x:ring{i}" for i in range(5)}
    assert _link_clusters(detect_frame(frame, FIXED).clusters) == [ring]
    # The seam is what finds it: compared as written, the five forms are five different links.
    assert _link_clusters(detect_frame(frame, FIXED, canonicalise=lambda url: url).clusters) == []


def test_store_mode_canonicalises_links_of_posts_not_written_by_intake(app: App, tmp_path: Path) -> None:
    store_frame(app, read_posts_jsonl(write_jsonl(link_records(), tmp_path / "posts.jsonl")))
    run = detect_in_store(app, config=FIXED)
    assert _link_clusters(run.clusters) == [{f"x:ring{i}" for i in range(5)}]


def test_stored_clusters_are_linked_to_the_paslon_detection_names(app: App, tmp_path: Path) -> None:
    import_posts(app, campaign_records(), tmp_path)
    detect_in_store(app, config=FIXED)
    copies = list_clusters(app, kind=Kind.NEAR_DUPLICATE_TEXT)
    assert len(copies) == 1 and copies[0].paslon_ids == ("pilgub-15-2024#2",)
    summary = describe_cluster(app, copies[0].id)
    assert "AL HARIS" in summary.title and summary.suggested_category == "unregistered_campaign_account"
    # Without detection's linker only the campaign registry links (none of these accounts is registered).
    detect_in_store(app, config=FIXED, rebuild=True, linker=lambda _text: ())
    assert all(not row.paslon_ids for row in list_clusters(app))
