"""A programme manager on a phone, in Arabic, enrols a ministry's staff list into a cohort."""

from django.core.cache import cache
from playwright.sync_api import expect

from courses.bulk import live, services
from courses.models import BulkEnrolment, Enrolment
from lms.people.models import Organisation
from lms.people.roles import Role
from tests.courses.bulk_files import csv_content, csv_upload, staff_row, staff_rows
from tests.courses.factories import CohortFactory, course_page
from tests.e2e.pages import check_phone_page, expect_language, path_is, sign_in
from tests.e2e.test_journey_player import wait_for
from tests.lms.factories import PASSWORD, UserFactory


def ministry_and_cohort():
    Organisation.objects.create(name_ar="وزارة التخطيط", name_en="Ministry of Planning", kind="ministry")
    course = course_page(title="إدارة التغيير في مشاريع الحكومة الإلكترونية")
    return CohortFactory(course=course, title="عن بُعد – دفعة وزارة التخطيط", capacity=10)


def test_a_manager_enrols_a_staff_list_on_a_phone(phone_page, screenshot):
    page = phone_page
    cache.clear()
    UserFactory(email="nour@example.iq", full_name_ar="نور الهدى سلمان", role=Role.PROGRAMME_MANAGER)
    cohort = ministry_and_cohort()
    rows = list(staff_rows(12))
    rows[2][3] = "0770-12"  # file row 4: a phone number too short
    rows[6][2] = "staff00007planning.gov.iq"  # file row 8: no @
    rows[9][5] = "وزارة غير موجودة"  # file row 11: no such organisation

    page.goto("/account/sign-in/")
    sign_in(page, "nour@example.iq", PASSWORD)
    page.goto("/courses/bulk-enrolment/")
    expect_language(page, "ar", "rtl")
    check_phone_page(page)
    screenshot(page, "upload")

    page.locator("#id_cohort").select_option(str(cohort.pk))
    page.locator("#id_file").set_input_files(
        files=[{"name": "موظفو التخطيط.csv", "mimeType": "text/csv", "buffer": csv_content(rows)}]
    )
    page.locator("main form button[type=submit]").click()
    bulk = BulkEnrolment.objects.get()
    page.wait_for_url(path_is(f"/courses/bulk-enrolment/{bulk.pk}/columns/"))
    expect(page.locator("#id_column_2")).to_have_value("email")
    check_phone_page(page)
    screenshot(page, "mapping")

    page.locator("main form button[type=submit]").click()
    page.wait_for_url(path_is(f"/courses/bulk-enrolment/{bulk.pk}/"))
    expect(page.locator("table.bulk-problems tbody th")).to_have_text(["4", "8", "11"])
    check_phone_page(page)
    screenshot(page, "report")

    page.locator(f"form[action='/courses/bulk-enrolment/{bulk.pk}/confirm/'] button").click()
    page.wait_for_url(path_is(f"/courses/bulk-enrolment/{bulk.pk}/"))
    expect(page.locator("dl.bulk-stats dd").first).to_have_text("9")
    check_phone_page(page)
    screenshot(page, "summary")
    assert cohort.enrolments.filter(state=Enrolment.State.APPROVED).count() == 9


def test_the_progress_bar_moves_while_a_list_is_applied(phone_page, screenshot):
    page = phone_page
    cache.clear()
    manager = UserFactory(
        email="nour@example.iq", full_name_ar="نور الهدى سلمان", role=Role.PROGRAMME_MANAGER
    )
    cohort = ministry_and_cohort()
    bulk = services.bulk_enrolment_upload(
        cohort=cohort, file=csv_upload([staff_row(n) for n in range(1, 41)]), by=manager
    )
    services.bulk_enrolment_map(bulk=bulk, mapping=bulk.column_mapping)
    # Tasks run in a thread of this process here: wait for each to finish.
    wait_for(lambda: BulkEnrolment.objects.get(pk=bulk.pk).status == BulkEnrolment.Status.CHECKED)
    services.bulk_enrolment_confirm(bulk=BulkEnrolment.objects.get(pk=bulk.pk), by=manager)
    wait_for(lambda: BulkEnrolment.objects.get(pk=bulk.pk).status == BulkEnrolment.Status.APPLIED)
    # Show it as a worker half-way through sees it.
    BulkEnrolment.objects.filter(pk=bulk.pk).update(status=BulkEnrolment.Status.APPLYING)
    live.progress_set(bulk.pk, "applying", 16)

    page.goto("/account/sign-in/")
    sign_in(page, "nour@example.iq", PASSWORD)
    page.goto(f"/courses/bulk-enrolment/{bulk.pk}/")
    expect(page.locator("#bulk-progress-bar")).to_have_attribute("value", "16")
    live.progress_set(bulk.pk, "applying", 30)
    expect(page.locator("#bulk-progress-bar")).to_have_attribute("value", "30")  # htmx, a second later
    check_phone_page(page)
    screenshot(page, "progress")

    BulkEnrolment.objects.filter(pk=bulk.pk).update(status=BulkEnrolment.Status.APPLIED)
    expect(page.locator("dl.bulk-stats")).to_be_visible()  # htmx took the page to the outcome
