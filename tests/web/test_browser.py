"""The dashboard in Debian's headless Chromium (Playwright, never a downloaded browser), over the demo
data of every capability: login, overview, feed (confirm a finding), case transition, recap drill-down
to a TPS, map, weekly report and case dossier downloads, the public report form, on a laptop and on a
360-px phone. Screenshots go to test-artifacts/web/."""

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
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


def _serve(core: App) -> Iterator[str]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(core), host="127.0.0.1", port=port, log_level="warning")
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
def live_server(sqlite_web: App) -> Iterator[str]:
    insert_findings(
        sqlite_web,
        [finding_row(c, r) for c in ("sara", "hoax", "money_politics") for r in ("15.71.01", "15.03.02")],
    )
    yield from _serve(sqlite_web)


@pytest.fixture
def demo_server(sqlite_dash: App) -> Iterator[str]:
    """The dashboard over the demo data of every capability."""
    yield from _serve(sqlite_dash)


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


def _login(page: Any, base: str, username: str = "analis.bawaslu", start: str = "/overview") -> None:
    page.goto(f"{base}{start}")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{start}")


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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
    for name, path in (
        ("overview", "/overview"),
        ("map", "/map"),
        ("region", "/map/15.71"),
        ("reference", "/reference/categories"),
        ("reports", "/reports"),
    ):
        page.goto(live_server + path)
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 362, f"{path} is {width}px wide on a 360-px screen"


def test_feed_confirm_a_finding_then_move_a_case(demo_server: str, browser: Any) -> None:
    page = browser(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, demo_server, start="/feed")
    first = page.locator("article.finding").first
    finding_id = first.get_attribute("id")
    first.locator("summary").click()  # the explanation: spans, legal basis, handler, model
    assert first.locator("dl.facts").is_visible() and first.locator("p.post-text mark").count() >= 1
    _shot(page, "feed-desktop")
    first.locator("input[name=note]").fill("dicek di lapangan")
    first.locator("button[value=confirmed]").click()
    page.wait_for_load_state()
    assert "Temuan dikonfirmasi" in page.inner_text("p.flash")
    assert page.locator(f"#{finding_id} .badge.review-confirmed").count() == 1
    page.goto(f"{demo_server}/cases")
    assert page.locator(".case-card.due-edge-overdue").count() >= 1
    _shot(page, "case-board-desktop")
    page.click("a:has-text('LP-2024-00007')")
    page.wait_for_url(f"{demo_server}/cases/LP-2024-00007")
    assert sorted(page.locator("#transitions button").evaluate_all("bs => bs.map(b => b.dataset.to)")) == [
        "kajian",
        "klarifikasi",
    ]
    form = page.locator("form.transition:has(button[data-to=klarifikasi])")
    form.locator("input[name=reason]").fill("meminta keterangan pelapor")
    form.locator("button").click()
    page.wait_for_url(f"{demo_server}/cases/LP-2024-00007")
    assert "Status perkara diubah" in page.inner_text("p.flash") and "Klarifikasi" in page.inner_text(
        "h1 + p"
    )
    _shot(page, "case-page-desktop")
    with page.expect_download() as download_info:
        page.click("a:has-text('Unduh berkas perkara')")
    assert download_info.value.suggested_filename == "berkas-LP-2024-00007.pdf"
    target = ARTIFACTS / "case-dossier.pdf"
    download_info.value.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert errors == [], errors


def test_recap_drill_down_to_a_tps_and_its_photos(demo_server: str, browser: Any) -> None:
    page = browser(viewport={"width": 1280, "height": 900})
    _login(page, demo_server, start="/recap")
    page.click("a:has-text('Telusuri') >> nth=-1")  # ppwp: the race with TPS data
    page.wait_for_url(f"{demo_server}/recap/ppwp")
    for level_name in ("Kota Jambi", "Telanaipura"):
        page.click(f"table.drill a:has-text('{level_name}')")
        page.wait_for_load_state()
    page.locator("table.drill a").first.click()  # a desa/kelurahan
    page.wait_for_load_state()
    page.locator("table.drill a").nth(1).click()  # a TPS
    page.wait_for_load_state()
    assert len(page.url.rsplit("/", 1)[1]) == 13 and page.locator("#history table").count() == 1
    assert page.locator("nav.crumbs a").count() == 7
    _shot(page, "recap-tps-desktop")
    page.goto(f"{demo_server}/recap/ppwp/1501011004002")
    assert page.locator("#photos a").count() == 3
    page.goto(f"{demo_server}/recap/ppwp/1571")
    _shot(page, "recap-kota-desktop")


def test_a_citizen_sends_a_report_without_an_account(demo_server: str, browser: Any) -> None:
    page = browser(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page.goto(f"{demo_server}/laporan")
    assert "Syarat laporan" in page.inner_text("main")
    page.fill("#pelapor_name", "Siti Rahmawati")
    page.fill("#pelapor_address", "Jl. Sultan Thaha 5, Kota Jambi")
    page.fill("#terlapor", "Tim kampanye paslon 2")
    page.fill("#description", "Pembagian amplop berisi uang kepada warga di depan masjid.")
    page.fill("#occurred_at", "2024-11-21T19:30")
    page.fill("#known_at", "2024-11-21T20:00")
    page.fill("#place", "Kelurahan Telanaipura")
    page.select_option("#region_code", "15.71")
    page.fill("#evidence_description_1", "Video 30 detik")
    page.check("input[name=signed]")
    _shot(page, "laporan-form-phone")
    page.click("form.laporan button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#case-number").inner_text().startswith("LP-")
    _shot(page, "laporan-receipt-phone")


def test_the_task_force_pages_fit_a_360_px_phone(demo_server: str, browser: Any) -> None:
    page = browser(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    _login(page, demo_server)
    pages = (
        ("overview-tf", "/overview"),
        ("feed", "/feed"),
        ("case-board", "/cases"),
        ("case", "/cases/1"),
        ("dossier", "/cases/1/dossier"),
        ("recap", "/recap"),
        ("recap-kota", "/recap/ppwp/1571"),
        ("recap-tps", "/recap/ppwp/1501011004002"),
        ("recap-entry", "/recap/pkwkp/entry"),
        ("clusters", "/clusters"),
        ("map-tf", "/map"),
        ("report-week", "/reports/weekly/2024-W47"),
    )
    for name, path in pages:
        page.goto(demo_server + path)
        _shot(page, f"{name}-phone")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 362, f"{path} is {width}px wide on a 360-px screen"
    page.goto(demo_server + "/clusters")
    page.locator("table.data a").first.click()
    page.wait_for_load_state()
    assert page.locator("img.network").evaluate("img => img.complete && img.naturalWidth > 0")
    _shot(page, "cluster-phone")
