"""What the journeys do and check on every page, in the words of a person holding the phone.

Selectors are roles, names, ids and attributes rather than texts, because the texts change with
the language and with the translation catalogues.
"""

import time
from urllib.parse import urlparse

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

# At 360 px the heading sits inside the page's padding (1rem) and at most a card's padding and
# border (1rem + 1px) from the screen's edge.
EDGE_GAP_PX = 40

# Counts the pointers that reached a frame's document, before any of its own handlers run.
COUNT_TAPS_ARRIVED = """element => {
    const doc = element.ownerDocument;
    if (doc.tadribTapsArrived === undefined) {
        doc.tadribTapsArrived = 0;
        doc.addEventListener("pointerdown", () => { doc.tadribTapsArrived += 1; }, true);
    }
    return doc.tadribTapsArrived;
}"""
TAPS_ARRIVED = "element => element.ownerDocument.tadribTapsArrived"
# On the page around it: how many pointers landed on a frame element since the last count.
COUNT_TAPS_ON_FRAMES = """() => {
    if (document.tadribTapsOnFrames === undefined) {
        document.addEventListener("pointerdown", event => {
            if (event.target.tagName === "IFRAME") document.tadribTapsOnFrames += 1;
        }, true);
    }
    document.tadribTapsOnFrames = 0;
}"""
TAPS_ON_FRAMES = "() => document.tadribTapsOnFrames"
# Moves the page by a pixel (back up if it is scrolled already).
NUDGE = "() => window.scrollBy(0, window.scrollY > 0 ? -1 : 1)"


def path_is(path: str):
    """A predicate for ``page.wait_for_url`` that ignores the host, port and query."""
    return lambda url: urlparse(url).path == path


def expect_language(page: Page, lang: str, direction: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def assert_fits_the_screen(page: Page) -> None:
    """Nothing on the page is wider than the screen, so there is no sideways scrolling.

    ``scrollWidth <= innerWidth`` alone proves nothing on an emulated phone: there Chromium zooms
    out until the overflowing content fits, and ``innerWidth`` grows with it (508 for a 500 px
    box on a 360 px screen). The layout viewport, ``clientWidth``, stays at the screen's width.
    """
    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
            inner: window.innerWidth,
        })"""
    )
    widths["screen"] = page.viewport_size["width"]
    assert widths["scroll"] <= widths["client"], f"{page.url} overflows sideways: {widths}"
    assert widths["inner"] <= widths["screen"], f"{page.url} is zoomed out to fit: {widths}"


def assert_heading_starts_at(page: Page, side: str, *, near_screen_edge: bool = True) -> None:
    """The page's main heading reads from ``side`` ("right" or "left"): its text hugs that edge.

    The text's own extent is measured with a Range: an ``<h1>`` box fills its container in either
    direction, but its text sits at the start edge only when the direction is right.
    """
    m = page.evaluate(
        """() => {
            const h1 = document.querySelector('main h1');
            const range = document.createRange();
            range.selectNodeContents(h1);
            const text = range.getBoundingClientRect();
            const box = h1.getBoundingClientRect();
            return {
                direction: getComputedStyle(document.body).direction,
                textLeft: text.left, textRight: text.right,
                boxLeft: box.left, boxRight: box.right,
                width: document.documentElement.clientWidth,
            };
        }"""
    )
    expected_direction = "rtl" if side == "right" else "ltr"
    assert m["direction"] == expected_direction, m
    assert m["textRight"] > m["textLeft"], f"the heading has no visible text: {m}"
    if side == "right":
        start_gap, end_gap, screen_gap = (
            m["boxRight"] - m["textRight"],
            m["textLeft"] - m["boxLeft"],
            m["width"] - m["textRight"],
        )
    else:
        start_gap, end_gap, screen_gap = (
            m["textLeft"] - m["boxLeft"],
            m["boxRight"] - m["textRight"],
            m["textLeft"],
        )
    assert start_gap <= 1, f"the heading does not start at the {side}: {m}"
    assert end_gap >= start_gap, m
    if near_screen_edge:
        assert screen_gap <= EDGE_GAP_PX, f"the heading is {screen_gap}px from the {side} edge: {m}"


def check_phone_page(page: Page, side: str = "right") -> None:
    """What every page must do on a 360 px phone."""
    assert_fits_the_screen(page)
    assert_heading_starts_at(page, side)


def sign_in(page: Page, identifier: str, password: str) -> None:
    """Fill the site's sign-in form (already open) and send it; waits for the next page."""
    form = page.locator("main form")
    form.locator("[name=username]").fill(identifier)
    form.locator("[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: urlparse(url).path != "/account/sign-in/")


def switch_language(page: Page, code: str) -> None:
    """Press the footer's button for ``code``; the switcher brings the person back to this page."""
    here = urlparse(page.url).path
    page.locator(f"footer button[name=language][value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert urlparse(page.url).path == here


def tap(target: Locator, tries: int = 3) -> None:
    """Taps ``target`` in a lesson's frame, and again, as a trainee would, if the tap never arrived.

    After a screenshot, headless Chromium now and then sends taps meant for the lesson's frame
    (another origin, drawn by another process) to the LMS page: the page's own listeners see them
    land on the ``<iframe>`` element itself, and the frame sees nothing, while Playwright reports
    the click done. Found in CI and in a clean clone's run of the whole tier; here, with
    ``test_journey_player_h5p_demo.py`` run first, in 8 of 21 runs of the minimum-calls journey,
    whose first tap follows a screen-only screenshot, and in none of 11 with that screenshot left
    out. It lasts until the page scrolls or resizes: each further tap got lost too, until one came
    after the page had moved by a pixel; then it arrived every time.

    So before tapping again the page is moved by a pixel, as a trainee nudges the screen. The tap is
    repeated only while nothing reached the frame's document and the lost tap was seen on the
    page's frame element. A tap that arrived is never repeated (a lesson that ignores a tap still
    fails its test), and a frame that moved on (the element or its document replaced) counts as
    arrived.
    """
    page = target.page
    for _ in range(tries):
        before = target.evaluate(COUNT_TAPS_ARRIVED)
        page.evaluate(COUNT_TAPS_ON_FRAMES)
        target.click()
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            try:
                after = target.evaluate(TAPS_ARRIVED, timeout=1_000)
            except PlaywrightError:
                return  # the element is gone: the tap did something
            if after is None or after > before:
                return
            page.wait_for_timeout(100)
        assert page.evaluate(TAPS_ON_FRAMES), f"a tap on {target} reached neither its frame nor the page"
        page.evaluate(NUDGE)
        page.wait_for_timeout(300)
    raise AssertionError(f"{tries} taps on {target} never reached its frame")
