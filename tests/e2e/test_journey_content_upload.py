"""An instructor uploads content packages in the Wagtail admin, on a phone, in Arabic: a refused
package says why, an accepted one is listed, and its page shows its versions and contents."""

from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from lms.people.roles import Role
from tests.content.packages.builders import scorm12, zip_bytes
from tests.e2e.pages import assert_fits_the_screen, expect_language, path_is
from tests.lms.factories import PASSWORD, UserFactory


def sign_in(page, identifier: str) -> None:
    page.goto("/admin/login/")
    form = page.locator("form.login-form")
    form.locator("#id_username").fill(identifier)
    form.locator("#id_password").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(path_is("/admin/"))


def sign_in_as_package_author(page) -> None:
    """An instructor who may add and change content packages, signed in to the admin."""
    instructor = UserFactory(email="instructor@example.iq", role=Role.INSTRUCTOR)
    instructor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="content", codename__in=["add_contentpackage", "change_contentpackage"]
        )
    )
    sign_in(page, "instructor@example.iq")


def test_instructor_uploads_a_package_from_a_phone(phone_page, screenshot):
    page = phone_page
    sign_in_as_package_author(page)

    # A ZIP made from the folder rather than from inside it is refused, with the reason.
    page.goto("/admin/content_packages/new/")
    expect_language(page, "ar", "rtl")
    page.locator("#id_upload").set_input_files(
        files=[
            {
                "name": "golf.zip",
                "mimeType": "application/zip",
                "buffer": zip_bytes({"golf/imsmanifest.xml": "<manifest/>"}),
            }
        ]
    )
    page.locator("form#w-editor-form button[type=submit]").first.click()
    expect(page.locator("form#w-editor-form")).to_contain_text("imsmanifest.xml")
    assert_fits_the_screen(page)
    screenshot(page, "refused")

    # A good package is imported with the title written in it.
    page.locator("#id_upload").set_input_files(
        files=[
            {
                "name": "governance.zip",
                "mimeType": "application/zip",
                "buffer": scorm12(title="مقدمة في الحوكمة الإلكترونية"),
            }
        ]
    )
    page.locator("form#w-editor-form button[type=submit]").first.click()
    page.wait_for_url(path_is("/admin/content_packages/"))
    expect(page.get_by_role("link", name="مقدمة في الحوكمة الإلكترونية")).to_be_visible()
    screenshot(page, "listed")

    page.get_by_role("link", name="مقدمة في الحوكمة الإلكترونية").click()
    expect(page.locator("#package-versions-heading")).to_be_visible()
    expect(page.locator("code", has_text="index.html")).to_be_visible()
    screenshot(page, "edit")
