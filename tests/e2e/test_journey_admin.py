"""The Wagtail admin: administrators work in it in Arabic; trainees are kept out."""

from urllib.parse import urlparse

from playwright.sync_api import expect

from lms.people.roles import Role
from tests.e2e.pages import expect_language, path_is
from tests.lms.factories import PASSWORD, UserFactory


def admin_sign_in(page, identifier: str) -> None:
    form = page.locator("form.login-form")
    form.locator("#id_username").fill(identifier)
    form.locator("#id_password").fill(PASSWORD)
    form.locator("button[type=submit]").click()


def test_administrator_sees_the_arabic_dashboard(desktop_page, screenshot):
    page = desktop_page
    UserFactory(email="admin@example.iq", full_name_ar="مدير المنصة", is_staff=True, is_superuser=True)

    page.goto("/admin/")
    page.wait_for_url(path_is("/admin/login/"))
    expect_language(page, "ar", "rtl")

    admin_sign_in(page, "admin@example.iq")
    page.wait_for_url(path_is("/admin/"))
    expect(page.locator(".w-dashboard")).to_be_visible()
    expect_language(page, "ar", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot(page)


def test_trainee_is_not_let_into_the_admin(desktop_page):
    page = desktop_page
    UserFactory(email="trainee@example.iq", role=Role.TRAINEE)

    page.goto("/admin/")
    page.wait_for_url(path_is("/admin/login/"))
    admin_sign_in(page, "trainee@example.iq")

    # Wagtail signs the person in, then sends them back to the sign-in page with an error.
    page.wait_for_url(path_is("/admin/login/"))
    expect(page.locator(".messages .error")).to_be_visible()
    expect(page.locator("form.login-form #id_username")).to_be_visible()
    expect(page.locator(".w-dashboard")).to_have_count(0)

    page.goto("/admin/pages/")
    page.wait_for_url(path_is("/admin/login/"))
    expect(page.locator(".w-dashboard")).to_have_count(0)


def test_admin_dashboard_loads_nothing_from_other_sites(desktop_page, live_server):
    page = desktop_page
    UserFactory(email="admin@example.iq", is_staff=True, is_superuser=True)
    ours = urlparse(live_server.url).netloc
    elsewhere = []

    def note_if_elsewhere(request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https") and url.netloc != ours:
            elsewhere.append(request.url)

    page.on("request", note_if_elsewhere)

    page.goto("/admin/")
    admin_sign_in(page, "admin@example.iq")
    page.wait_for_url(path_is("/admin/"))
    expect(page.locator(".w-dashboard")).to_be_visible()
    page.wait_for_load_state("load")
    assert elsewhere == []
