"""An instructor uploads a package on a phone, in Arabic, while the file storage is out of reach
(ADR 0024): the upload form comes back with what they typed and the reason — nothing was kept, try
again in a few minutes — instead of the error page; then the same form at an office computer's width."""

import pytest
from playwright.sync_api import expect

from content.packages.models import ContentPackage
from tests.content.packages.builders import scorm12
from tests.content.packages.conftest import unreachable_s3  # noqa: F401
from tests.e2e.pages import assert_fits_the_screen, expect_language
from tests.e2e.test_journey_content_upload import sign_in_as_package_author

NOT_STORED = "لا يستطيع الخادم الوصول إلى مخزن ملفاته الآن"


@pytest.mark.usefixtures("unreachable_s3")
def test_a_package_sent_during_a_storage_outage_comes_back_on_its_form(phone_page, screenshot):
    page = phone_page
    sign_in_as_package_author(page)
    page.goto("/admin/content_packages/new/")
    page.locator("#id_title").fill("مقدمة في الحوكمة الإلكترونية")
    page.locator("#id_upload").set_input_files(
        files=[{"name": "governance.zip", "mimeType": "application/zip", "buffer": scorm12()}]
    )
    page.locator("form#w-editor-form button[type=submit]").first.click()

    form = page.locator("form#w-editor-form")
    expect(form).to_contain_text(NOT_STORED)
    expect_language(page, "ar", "rtl")
    expect(page.locator("#id_title")).to_have_value("مقدمة في الحوكمة الإلكترونية")
    assert not ContentPackage.objects.exists()
    assert_fits_the_screen(page)
    screenshot(page, "phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "desktop")
