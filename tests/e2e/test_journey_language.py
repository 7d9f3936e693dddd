"""Choosing a language in the footer: remembered by a cookie, and by the profile once signed in."""

from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.pages import (
    assert_fits_the_screen,
    check_phone_page,
    expect_language,
    path_is,
    sign_in,
    switch_language,
)
from tests.lms.factories import PASSWORD, UserFactory


def language_cookie(page) -> str | None:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get(settings.LANGUAGE_COOKIE_NAME)


def test_visitor_switches_language_and_it_stays(phone_page, screenshot):
    page = phone_page
    page.goto("/")
    expect_language(page, "ar", "rtl")
    expect(page.locator("footer button[name=language][value=ar]")).to_have_attribute("aria-current", "true")

    switch_language(page, "en")
    expect_language(page, "en", "ltr")
    expect(page.locator("footer button[name=language][value=en]")).to_have_attribute("aria-current", "true")
    assert language_cookie(page) == "en"
    check_phone_page(page, side="left")
    screenshot(page, "english")

    page.locator("header a[href='/account/sign-in/']").click()
    page.wait_for_url(path_is("/account/sign-in/"))
    expect_language(page, "en", "ltr")
    check_phone_page(page, side="left")

    page.locator("header a.brand").click()
    page.wait_for_url(path_is("/"))
    expect_language(page, "en", "ltr")

    switch_language(page, "ckb")
    expect_language(page, "ckb", "rtl")
    assert language_cookie(page) == "ckb"
    check_phone_page(page, side="right")
    screenshot(page, "kurdish")


def test_signed_in_choice_is_kept_in_the_profile(desktop_page):
    page = desktop_page
    person = UserFactory(email="karwan@example.iq", full_name_ar="كاروان أحمد")
    assert person.preferred_language == "ar"

    page.goto("/account/sign-in/")
    expect_language(page, "ar", "rtl")
    sign_in(page, "karwan@example.iq", PASSWORD)
    switch_language(page, "en")
    expect_language(page, "en", "ltr")
    person.refresh_from_db()
    assert person.preferred_language == "en"

    page.locator("header form button[type=submit]").click()
    expect(page.locator("header a[href='/account/sign-in/']")).to_be_visible()
    # Another phone, or cleared cookies: without the cookie a visitor sees Arabic again …
    page.context.clear_cookies()
    page.goto("/account/sign-in/")
    expect_language(page, "ar", "rtl")
    assert_fits_the_screen(page)

    # … and signing in brings back the person's own choice.
    sign_in(page, "karwan@example.iq", PASSWORD)
    expect_language(page, "en", "ltr")
    expect(page.locator("footer button[name=language][value=en]")).to_have_attribute("aria-current", "true")


def test_each_language_is_offered_in_its_own_name(phone_page):
    # Someone who reads only English must find "English" on the Arabic page they land on.
    page = phone_page
    page.goto("/")
    shown = {}
    for code in ("ar", "en", "ckb"):
        switch_language(page, code)
        buttons = page.locator("footer button[name=language]").all()
        shown[code] = {b.get_attribute("value"): b.inner_text().strip() for b in buttons}
    assert set(shown["ar"]) == set(dict(settings.LANGUAGES))
    assert shown["ar"] == shown["en"] == shown["ckb"]
    assert shown["ar"]["en"] == "English"
