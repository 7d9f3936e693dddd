"""An instructor uploads, on a phone in Arabic, a package Moodle plays although one of its items
names a resource that does not exist: it is imported, the warning says which item was left out,
and the package's page keeps saying so; there the instructor can require the SCOs' own status."""

from playwright.sync_api import expect

from content.packages.models import ContentPackage
from tests.content.packages.builders import PAGE, scorm12_manifest, zip_bytes
from tests.e2e.pages import assert_fits_the_screen, path_is
from tests.e2e.test_journey_content_upload import sign_in_as_package_author


def package_with_a_missing_resource() -> bytes:
    items = (
        '<item identifier="a" identifierref="r1"><title>الدرس الأول</title></item>'
        '<item identifier="b" identifierref="r-gone"><title>الدرس المفقود</title></item>'
    )
    resources = '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
    manifest = scorm12_manifest(items, resources, title="حزمة من Moodle")
    return zip_bytes({"imsmanifest.xml": manifest, "index.html": PAGE})


def test_a_package_with_a_missing_resource_is_imported_with_a_visible_warning(phone_page, screenshot):
    page = phone_page
    sign_in_as_package_author(page)
    page.goto("/admin/content_packages/new/")
    # By default a SCO that finishes without a status counts as completed.
    expect(page.locator("#id_complete_on_finish")).to_be_checked()
    page.locator("#id_upload").set_input_files(
        files=[
            {"name": "moodle.zip", "mimeType": "application/zip", "buffer": package_with_a_missing_resource()}
        ]
    )
    page.locator("form#w-editor-form button[type=submit]").first.click()
    page.wait_for_url(path_is("/admin/content_packages/"))
    expect(page.locator(".messages")).to_contain_text("الدرس المفقود")
    screenshot(page, "imported")

    page.get_by_role("link", name="حزمة من Moodle").click()
    warnings = page.locator("#package-warnings")
    expect(warnings).to_contain_text("الدرس المفقود")
    expect(warnings).to_contain_text("r-gone")
    assert_fits_the_screen(page)
    screenshot(page, "edit")

    page.locator("#id_complete_on_finish").uncheck()
    page.locator("form#w-editor-form button[type=submit]").first.click()
    page.wait_for_url(path_is("/admin/content_packages/"))
    assert ContentPackage.objects.get().complete_on_finish is False
