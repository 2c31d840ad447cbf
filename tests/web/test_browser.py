"""The dashboard in Debian's headless Chromium (Playwright, never a downloaded browser): login, overview,
map, weekly report download, on a laptop and on a 360-px phone. Screenshots go to test-artifacts/."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from awas.access.demo import DEMO_PASSWORD
from awas.app import App
from awas.store.pgcluster import free_port
from awas.web.application import create_app
from tests.risk.factories import finding_row, insert_findings

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


@pytest.fixture
def live_server(sqlite_web: App) -> Iterator[str]:
    import uvicorn

    insert_findings(
        sqlite_web,
        [finding_row(c, r) for c in ("sara", "hoax", "money_politics") for r in ("15.71.01", "15.03.02")],
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(sqlite_web), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """`browser(viewport=..., ...)` opens a page in a fresh profile of Debian's Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/ensure-system-packages.sh")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    contexts: list[Any] = []
    with sync_playwright() as p:

        def open_page(**options: Any) -> Any:
            context = p.chromium.launch_persistent_context(
                str(tmp_path / f"profile-{len(contexts)}"),
                executable_path=CHROMIUM,
                args=FLAGS,
                headless=True,
                accept_downloads=True,
                **options,
            )
            contexts.append(context)
            return context.pages[0] if context.pages else context.new_page()

        yield open_page
        for context in contexts:
            context.close()


def _login(page: Any, base: str, username: str = "analis.bawaslu") -> None:
    page.goto(f"{base}/overview")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/overview")


def test_login_overview_map_and_report_download(live_server: str, browser: Any, tmp_path: Path) -> None:
    page = browser(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, live_server)
    assert page.locator("#panel-findings strong").first.inner_text() == "6"
    page.screenshot(path=str(ARTIFACTS / "overview-desktop.png"), full_page=True)
    page.click("text=Menu")
    page.click("nav >> text=Peta kerawanan")
    page.wait_for_url(f"{live_server}/map")
    assert page.locator("svg.map path").count() == 11
    page.screenshot(path=str(ARTIFACTS / "map-desktop.png"), full_page=True)
    page.click("svg.map a[href='/map/15.03']")
    page.wait_for_url(f"{live_server}/map/15.03")
    assert "Sarolangun" in page.inner_text("h1")
    page.goto(f"{live_server}/reports")
    with page.expect_download() as download_info:
        page.click("ul.weeks a:has-text('PDF') >> nth=0")
    target = tmp_path / "report.pdf"
    download_info.value.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    shutil.copyfile(target, ARTIFACTS / "weekly-report.pdf")
    assert errors == [], errors  # no CSP violation, no script error


def test_pages_fit_a_360_px_phone(live_server: str, browser: Any) -> None:
    page = browser(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    _login(page, live_server, "pantau.iwo")
    for name, path in (("overview", "/overview"), ("map", "/map"), ("region", "/map/15.71"),
                       ("reference", "/reference/categories"), ("reports", "/reports")):  # fmt: skip
        page.goto(live_server + path)
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 362, f"{path} is {width}px wide on a 360-px screen"
