"""A trainee on a phone who follows a dead link gets the site's own page, in Arabic, right to
left, with a way back home; staff see the way to the admin in the header."""

import pytest
from playwright.sync_api import expect

from lms.people.roles import Role
from tests.e2e.pages import assert_fits_the_screen, expect_language, path_is
from tests.lms.factories import PASSWORD, UserFactory


def test_a_dead_link_shows_the_sites_own_page_in_arabic_on_a_phone(phone_page, screenshot):
    page = phone_page
    response = page.goto("/courses/no-such-course/")
    assert response.status == 404
    expect_language(page, "ar", "rtl")
    expect(page.locator("main h1")).to_have_text("الصفحة غير موجودة")
    assert_fits_the_screen(page)
    screenshot(page)
    page.get_by_role("link", name="الذهاب إلى الصفحة الرئيسية").click()
    page.wait_for_url(path_is("/"))


def test_an_instructor_finds_the_admin_in_the_sites_header(phone_page, screenshot):
    page = phone_page
    UserFactory(email="trainer@example.iq", role=Role.INSTRUCTOR)
    page.goto("/account/sign-in/")
    page.locator("#id_username").fill("trainer@example.iq")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="الإدارة").click()
    page.wait_for_url(lambda url: "/admin/" in url)
    screenshot(page)


@pytest.mark.urls("tests.lms.urls_failing")
def test_a_database_outage_and_a_full_disk_show_their_own_pages_in_arabic_on_a_phone(phone_page, screenshot):
    """Not the "something went wrong" page of a bug: what happened, that it passes, and nothing lost."""
    page = phone_page
    response = page.goto("/database-down/")
    assert response.status == 503
    assert int(response.headers["retry-after"]) > 0
    expect_language(page, "ar", "rtl")
    expect(page.locator("main h1")).to_have_text("الخدمة غير متاحة لوقت قصير")
    assert_fits_the_screen(page)
    screenshot(page, "database-down")

    response = page.goto("/disk-full/")
    assert response.status == 507
    expect(page.locator("main h1")).to_have_text("لا توجد مساحة لحفظ هذا")
    assert_fits_the_screen(page)
    screenshot(page, "disk-full")
