"""The browser tier: headless Chromium (Debian's, not Playwright's download) against a live server,
on PostgreSQL (``make test-e2e``: ``lms/settings/e2e.py``), so that each of the server's threads has
its own database connection.

Every test in this directory is marked ``e2e`` and gets a transactional database with serialized
rollback: the live server reads what the test writes, and the rows that data migrations seed (the
home page, Iraq's governorates) are put back after each test instead of being flushed away.
"""

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e import inflight

# Playwright's sync API drives the browser from an event loop running in this thread, and Django
# refuses ORM calls from a thread with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent.parent / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# A phone that a trainee in Iraq might hold: narrow, touch, high density, Arabic locale.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "ar-IQ",
}
# An office computer set to English: the site must still open in Arabic (lms/middleware.py).
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "en-GB"}
TIMEOUT_MS = 10_000
# (A frame the browser does not draw, hidden or out of view, runs no animation frames: a timer ends the wait.)
TWO_ANIMATION_FRAMES = """() => new Promise(done => {
    requestAnimationFrame(() => requestAnimationFrame(done));
    setTimeout(done, 1000);
})"""
# Assertions wait as long as actions do: a CI machine running the whole tier on two cores is slow.
expect.set_options(timeout=TIMEOUT_MS)

_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst, so that pytest-django sees the database mark when it orders the tests.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def no_request_outlives_its_test(live_server) -> Iterator[None]:
    """The test's data is flushed only once the live server has answered everything its pages sent
    (their contexts are closed by then: this fixture is set up before theirs, so torn down after)."""
    yield
    assert inflight.idle(), "the live server was still answering the test's pages 30 s after it ended"


def _screenshot_path(request: pytest.FixtureRequest, label: str = "") -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{request.node.name}{f'-{label}' if label else ''}.png"


def _page(browser: Browser, live_server, request: pytest.FixtureRequest, options: dict) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = request.node.stash.get(_reports, {}).get("call")
    if report is not None and report.failed:
        page.screenshot(path=_screenshot_path(request, "failed"), full_page=True)
    # Let requests the browser makes by itself (the favicon, the admin's fetches) finish first:
    # the test's data must not be flushed while the live server is still answering them.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=3_000)
        # Leaving the page now, not at context.close(), lets its unload work (a lesson's final
        # commit, sent with keepalive) reach the server while the test's data still exists.
        page.goto("about:blank")
    context.close()


@pytest.fixture
def phone_page(browser: Browser, live_server, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, live_server, request, PHONE)


@pytest.fixture
def desktop_page(browser: Browser, live_server, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, live_server, request, DESKTOP)


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """``screenshot(page)`` saves the whole page as test-artifacts/screenshots/<test name>.png.

    ``full_page=False`` keeps to the screen, for a lesson whose next step is a tap in its player
    frame: a full-page screenshot resizes the viewport and back (the frame sees itself 0 px wide
    for a moment), and the lesson lays itself out again.
    """

    def take(page: Page, label: str = "", *, full_page: bool = True) -> Path:
        path = _screenshot_path(request, label)
        page.screenshot(path=path, full_page=full_page)
        # A full-page screenshot resizes the viewport and back: let the page's resize handlers
        # (a SCO laying its frames out again) run before the test aims its next click. Every frame
        # draws twice first, also a busy content frame: on a loaded machine a fixed wait alone was
        # too short, and a tap landed on content still being laid out (and was lost).
        for frame in page.frames:
            with contextlib.suppress(PlaywrightError):
                frame.evaluate(TWO_ANIMATION_FRAMES)
        page.wait_for_timeout(300)
        return path

    return take


@pytest.fixture
def live_content_origin(settings, live_server) -> str:
    """The content origin on the live server (127.0.0.1 of its port), for pages that show uploaded
    images. MEDIA_URL and the CSP's sources are worked out from CONTENT_ORIGIN when the settings
    load, as in production where it comes from the environment; the live server's port is known
    only now, so all three move together (left alone, images point at port 8000 and show their
    alt text, or whatever another server on that port answers)."""
    origin = live_server.url.replace("localhost", "127.0.0.1")
    settings.SITE_URL = live_server.url
    settings.CONTENT_ORIGIN = origin
    settings.MEDIA_URL = f"{origin}/play/c/media/"
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {**directives, "img-src": ["'self'", "data:", origin], "frame-src": ["'self'", origin]},
    }
    return origin
