"""Full-page screenshot and PDF from Debian's headless Chromium, driven by Playwright.

Never a downloaded browser: Playwright launches `/usr/bin/chromium` (AWAS_EVIDENCE_BROWSER_PATH)
with a fresh user-data folder and no background networking. Needs the `browser` extra. A page that
does not finish loading within AWAS_EVIDENCE_BROWSER_TIMEOUT_S fails the capture.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from awas.core.registry import SetupError
from awas.evidence.config import EvidenceSettings
from awas.evidence.fetch import CaptureFailed

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True, slots=True)
class Rendering:
    screenshot: Path
    pdf: Path
    browser_version: str
    title: str


def check_browser(settings: EvidenceSettings) -> None:
    """Raise SetupError unless Playwright and the configured Chromium are both present."""
    try:
        import playwright  # noqa: F401
    except ModuleNotFoundError:
        raise SetupError(
            "tangkapan browser memerlukan paket 'playwright' (pip install 'awas[browser]')"
        ) from None
    if not settings.browser_path.is_file():
        raise SetupError(f"Chromium tidak ditemukan di {settings.browser_path} (apt-get install chromium)")


def render(url: str, out_dir: Path, settings: EvidenceSettings) -> Rendering:
    """Load `url` in Chromium and save `screenshot.png` and `page.pdf` in `out_dir`; CaptureFailed."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    profile = Path(tempfile.mkdtemp(prefix="awas-chromium-"))
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(profile),
                executable_path=str(settings.browser_path),
                headless=True,
                args=CHROMIUM_FLAGS,
                # TLS trust is decided by the direct fetch, which verified and recorded the chain
                # before the browser is started; the browser only renders the same page.
                ignore_https_errors=True,
                viewport={"width": 1280, "height": 900},
                user_agent=settings.user_agent,
            )
            try:
                return _render_page(context, url, out_dir, settings)
            finally:
                context.close()
    except PlaywrightTimeout:
        raise CaptureFailed(
            "browser_timeout",
            f"halaman tidak selesai dimuat di browser dalam {settings.browser_timeout_s:g} detik",
        ) from None
    except PlaywrightError as exc:
        raise CaptureFailed("browser_error", f"browser gagal: {str(exc).splitlines()[0]}") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _render_page(context: Any, url: str, out_dir: Path, settings: EvidenceSettings) -> Rendering:
    page = context.new_page()
    timeout_ms = settings.browser_timeout_s * 1000
    page.goto(url, wait_until="load", timeout=timeout_ms)
    screenshot, pdf = out_dir / "screenshot.png", out_dir / "page.pdf"
    page.screenshot(path=str(screenshot), full_page=True, timeout=timeout_ms)
    page.emulate_media(media="screen")
    page.pdf(path=str(pdf), print_background=True, format="A4")
    return Rendering(screenshot, pdf, chromium_version(str(settings.browser_path)), page.title())


@cache
def chromium_version(path: str) -> str:
    """`Chromium 130.0...` as the binary reports itself (recorded with each capture)."""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() or "unknown"
