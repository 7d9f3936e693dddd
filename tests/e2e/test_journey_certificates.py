"""Certificates end to end: an instructor issues a whole cohort's from the admin; a trainee on a
phone, in Arabic, finds theirs on My learning, downloads the PDF and checks it on the public
verification page."""

import subprocess
from urllib.parse import urlparse

from playwright.sync_api import expect

from certification.credentials.models import Certificate
from lms.people.roles import Role
from tests.certification.factories import course_with_rule, trainee_completing
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.pages import check_phone_page, expect_language, path_is, sign_in
from tests.e2e.test_journey_admin import admin_sign_in
from tests.lms.factories import PASSWORD, UserFactory

NAMES = [("زينب عبد الرحمن الموسوي", "Zainab Abdulrahman Al-Musawi"), ("مصطفى جاسم", "Mustafa Jasim")]


def test_instructor_issues_a_cohort_and_a_trainee_downloads_and_verifies(
    desktop_page, phone_page, screenshot, tmp_path
):
    # The course's rule is switched on after the trainees completed it: nothing was issued then.
    rule, activity, cohort = course_with_rule(is_active=False)
    trainees = [
        trainee_completing(
            activity,
            cohort,
            email=f"trainee{n}@example.iq",
            full_name_ar=ar,
            full_name_latin=latin,
            role=Role.TRAINEE,
        )[0]
        for n, (ar, latin) in enumerate(NAMES)
    ]
    rule.is_active = True
    rule.save()
    instructor = UserFactory(
        email="instructor@example.iq", full_name_ar="أحمد كاظم جواد", role=Role.INSTRUCTOR
    )
    cohort.instructors.add(instructor)
    assert not Certificate.objects.exists()

    admin = desktop_page
    admin.goto("/admin/certificates/cohort-issue/")
    admin_sign_in(admin, "instructor@example.iq")
    admin.wait_for_url(path_is("/admin/certificates/cohort-issue/"))
    expect_language(admin, "ar", "rtl")
    admin.locator("#id_cohort").select_option(str(cohort.pk))
    screenshot(admin, "admin")
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(path_is("/admin/certificates/cohort-issue/"))
    expect(admin.locator(".messages .success")).to_contain_text("2")
    screenshot(admin, "admin-issued")
    assert Certificate.objects.filter(state="issued").count() == 2

    page = phone_page
    page.goto("/account/sign-in/")
    sign_in(page, "trainee0@example.iq", PASSWORD)
    page.locator("header a[href='/courses/learning/']").click()
    page.wait_for_url(path_is("/courses/learning/"))
    expect_language(page, "ar", "rtl")
    section = page.locator("section[aria-labelledby=certificates-heading]")
    certificate = Certificate.objects.get(user=trainees[0])
    expect(section).to_contain_text(certificate.serial)
    check_phone_page(page)
    screenshot(page, "my-learning")

    with page.expect_download() as download:
        section.locator(f"a[href$='{certificate.serial}.pdf']").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Zainab Abdulrahman Al-Musawi" in text
    assert certificate.serial in text
    # The first page as an image, to look at (test-artifacts/screenshots/).
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    picture = SCREENSHOTS / "test_instructor_issues_a_cohort_and_a_trainee_downloads_and_verifies-pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(picture)], check=True)

    # The link is absolute, on the centre's address (SITE_URL): followed here on the test server.
    link = section.locator(f"a[href$='/certificates/verify/{certificate.serial}/']").get_attribute("href")
    page.goto(urlparse(link).path)
    expect_language(page, "ar", "rtl")
    verdict = page.locator("main .verdict")
    expect(verdict).to_have_class("card verdict verdict-issued")
    expect(verdict.locator("h2")).to_have_text("شهادة صحيحة")
    expect(verdict).to_contain_text("زينب عبد الرحمن الموسوي")
    check_phone_page(page)
    screenshot(page, "verified")
