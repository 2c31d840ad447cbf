"""`awas demo` on both databases: one story over intake's corpus, and a second run changes nothing."""

from __future__ import annotations

import pytest

from awas.app import App
from awas.demo import DEMO_STEPS, run_demo
from tests.integration.story import check_story, read_story


def test_steps_run_in_the_order_the_story_needs() -> None:
    order = list(DEMO_STEPS)
    for earlier, later in (
        ("ingest", "detect"),
        ("detect", "coord"),
        ("coord", "escalate"),
        ("cases", "escalate"),
        ("escalate", "evidence"),
    ):
        assert order.index(earlier) < order.index(later), (earlier, later)


@pytest.mark.slow
def test_the_demo_is_one_story_and_idempotent(app: App) -> None:
    stories = []
    for _run in range(2):
        results = list(run_demo(app, "test"))
        with app.db.read() as conn:
            stories.append(read_story(conn))
        check_story(stories[-1], app.settings.resolved_data_dir / "evidence-packages")
    assert stories[0] == stories[1]
    evidence = next(r for r in results if r.title.startswith("Bukti digital"))
    assert all(str(v).startswith("utuh") for v in evidence.summary.values())
