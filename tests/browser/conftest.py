"""Playwright driving Debian's Chromium against the live test server.

Playwright's own browser download does not work on these machines, so the browser is the
system `chromium` (installed by `.ci/run`). Browser tests share one xdist worker.
"""

import os
import shutil

import pytest

from portal.demo.organisations import DEMO_PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# in that thread are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        if os.getenv("CI"):
            pytest.fail("Chromium is missing on CI: .ci/run should have installed it")
        pytest.skip("Chromium не установлен: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A factory of fresh pages (each its own cookie jar), phone-sized on request."""
    contexts = []

    def make(*, phone: bool = False):
        viewport = {"width": 375, "height": 740} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="ru-RU")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda message: (
                page.csp_errors.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


def login(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
