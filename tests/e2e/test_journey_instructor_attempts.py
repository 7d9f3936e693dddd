"""An instructor, in the Arabic admin, opens a package's attempts, reads a trainee's attempt (its
runtime data and the questions answered) and resets it so that the trainee starts afresh."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content.packages.services import package_import
from content.runtime.models import Attempt
from content.runtime.services import attempt_open, runtime_commit
from courses.enrolment.services import enrolment_request
from courses.models import Activity
from lms.people.roles import Role
from tests.content.packages.builders import scorm12, upload
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.e2e.pages import assert_fits_the_screen, expect_language, path_is
from tests.lms.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def admin_sign_in(page, identifier: str) -> None:
    page.goto("/admin/login/")
    form = page.locator("form.login-form")
    form.locator("#id_username").fill(identifier)
    form.locator("#id_password").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(path_is("/admin/"))


def whole_page(page, screenshot, label: str) -> None:
    """A screenshot of the whole page: the admin scrolls its main area, not the document."""
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('body, body *'), (e) => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 8000)})
    screenshot(page, label)
    page.set_viewport_size(size)


def a_trainees_attempt():
    """A course taught by the instructor, a trainee enrolled in it, and their attempt at its lesson."""
    instructor = UserFactory(email="instructor@example.iq", full_name_ar="أحمد المدرب", role=Role.INSTRUCTOR)
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    course = cohort.course
    course.instructors.add(instructor)
    course.save()
    module = CourseModuleFactory(course=course)
    activity = ActivityFactory(module=module, kind=Activity.Kind.CONTENT, title="مدخل إلى الحوكمة")
    trainee = UserFactory(full_name_ar="سارة علي", full_name_latin="Sara Ali", email="sara@example.iq")
    enrolment_request(user=trainee, cohort=cohort)
    version = package_import(
        upload=upload(scorm12(title="مقدمة في الحوكمة الإلكترونية")), activity=activity, by=instructor
    )
    attempt = attempt_open(user=trainee, activity=activity)
    runtime_commit(
        attempt=attempt,
        sequence=1,
        session=1,
        item_identifier="i1",
        cmi={
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": "page-2",
            "cmi.core.session_time": "00:12:00",
        },
    )
    runtime_commit(
        attempt=attempt,
        sequence=2,
        session=1,
        item_identifier="i1",
        is_terminate=True,
        cmi={
            "cmi.core.lesson_status": "failed",
            "cmi.core.score.raw": "40",
            "cmi.core.lesson_location": "page-5",
            "cmi.core.session_time": "00:27:00",
            "cmi.suspend_data": "q1=b;q2=الحوكمة الرقمية;" * 30,
            "cmi.interactions.0.id": "q1-framework",
            "cmi.interactions.0.type": "choice",
            "cmi.interactions.0.student_response": "b",
            "cmi.interactions.0.correct_responses.0.pattern": "b",
            "cmi.interactions.0.result": "correct",
            "cmi.interactions.0.latency": "0000:00:18.00",
            "cmi.interactions.0.time": "10:04:12",
            "cmi.interactions.1.id": "q2-definition",
            "cmi.interactions.1.type": "fill-in",
            "cmi.interactions.1.student_response": "الحوكمة الرقمية",
            "cmi.interactions.1.correct_responses.0.pattern": "الحوكمة الإلكترونية",
            "cmi.interactions.1.result": "wrong",
            "cmi.interactions.1.latency": "0000:01:05.00",
            "cmi.interactions.1.time": "10:05:17",
        },
    )
    # Another trainee who has only just opened the lesson.
    other = UserFactory(full_name_ar="خالد حسن", full_name_latin="Khalid Hasan", employee_number="EMP-2041")
    enrolment_request(user=other, cohort=cohort)
    attempt_open(user=other, activity=activity)
    return instructor, version.package, Attempt.objects.get(pk=attempt.pk)


def test_instructor_reads_and_resets_a_trainees_attempt(desktop_page, screenshot):
    page = desktop_page
    instructor, package, attempt = a_trainees_attempt()
    admin_sign_in(page, instructor.email)

    # From the package's page to its attempts.
    page.goto(f"/admin/content_packages/edit/{package.pk}/")
    attempts_path = f"/admin/content_attempts/package/{package.pk}/"
    page.locator(f"a[href='{attempts_path}']").first.click()
    page.wait_for_url(path_is(attempts_path))
    expect_language(page, "ar", "rtl")
    rows = page.locator("#listing-results table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("خالد حسن")  # the newest first
    expect(rows.nth(1)).to_contain_text("سارة علي")
    expect(rows.nth(1)).to_contain_text("0:27")  # the longest session time of its one session
    assert_fits_the_screen(page)
    whole_page(page, screenshot, "attempts")

    # One trainee's attempt: the runtime data and the questions answered.
    page.get_by_role("link", name="سارة علي").click()
    page.wait_for_url(path_is(f"/admin/content_attempts/{attempt.pk}/"))
    interactions = page.locator("table.attempts-interactions")
    expect(interactions).to_be_visible()
    expect(interactions.locator("tbody tr")).to_have_count(2)
    expect(interactions.locator("tbody tr").nth(1)).to_contain_text("الحوكمة الرقمية")
    expect(page.locator("table.attempts-runtime")).to_contain_text("cmi.core.lesson_location")
    expect(page.locator("table.attempts-commits tbody tr")).to_have_count(2)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert_fits_the_screen(page)
    whole_page(page, screenshot, "attempt")

    # Reset: asked first, then done; the attempt is marked in the list.
    page.locator(f"a[href='/admin/content_attempts/{attempt.pk}/reset/']").first.click()
    page.wait_for_url(path_is(f"/admin/content_attempts/{attempt.pk}/reset/"))
    assert_fits_the_screen(page)
    whole_page(page, screenshot, "confirm")
    page.locator("main form button[type=submit].serious").click()
    page.wait_for_url(path_is(attempts_path))
    expect(page.locator(".messages .success")).to_contain_text("سارة علي")
    expect(rows.nth(1).locator(".w-status--label")).to_be_visible()
    page.wait_for_timeout(600)  # the message slides in
    whole_page(page, screenshot, "reset")
    attempt.refresh_from_db()
    assert attempt.is_reset

    # On a narrow screen the wide tables scroll inside themselves, not the page.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/admin/content_attempts/{attempt.pk}/")
    expect(page.locator("#attempt-reset-note")).to_be_visible()
    assert_fits_the_screen(page)
    whole_page(page, screenshot, "attempt-narrow")
