"""Issue 10, acceptance 1: on a 360 px phone, in Arabic, Kurdish and English, a trainee opens the
course home from My learning (with the cohort's room and contact), reads a page with an image and a
video in their language, downloads a file, sees a session with its calendar file, and watches the
course's progress rise.

Screenshots of each page are in test-artifacts/screenshots/ (looked at: right-aligned Arabic and
Kurdish, nothing wider than the screen).
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from courses.enrolment.services import enrolment_request
from courses.learning import demo
from courses.models import Activity, ActivityContent, ActivityResult
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, SessionFactory
from tests.courses.test_views_learning import document
from tests.e2e.pages import check_phone_page, expect_language, sign_in
from tests.e2e.test_journey_catalogue import PAGE_BUDGET_BYTES, first_load_bytes
from tests.lms.factories import PASSWORD, TrainingHubFactory, UserFactory

Kind = Activity.Kind


def course_with_content():
    cohort = CohortFactory(
        hub=TrainingHubFactory(),
        starts_on=timezone.localdate(),
        room="قاعة الحاسوب 2",
        contact_name="نور الهدى جاسم",
        contact_phone="+9647701234562",
        contact_email="baghdad.hub@demo.tadrib.iq",
    )
    module = CourseModuleFactory(course=cohort.course, title="أطر الحوكمة الإلكترونية", position=1)
    guide = document(
        "trainee-guide.txt", "دليل المتدرب".encode(), title="دليل المتدرب – برنامج الحكومة الإلكترونية"
    )
    media = {"image": demo._diagram(), "video": demo._video(), "guide": guide}
    page = ActivityFactory(module=module, kind=Kind.PAGE, title="مقدمة الوحدة", position=1)
    for language in demo.LANGUAGES:
        subject, points, _case = demo.SUBJECTS["e-governance-frameworks"][language]
        ActivityContent.objects.create(
            activity=page, language=language, body=demo._introduction(subject, points, media, language)
        )
    file = ActivityFactory(module=module, kind=Kind.FILE, title="دليل المتدرب", position=2, document=guide)
    session = ActivityFactory(module=module, kind=Kind.SESSION, title="ورشة عمل حضورية", position=3)
    SessionFactory(
        cohort=cohort,
        activity=session,
        title="الجلسة الأولى",
        location="القاعة 3",
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    ActivityFactory(module=module, kind=Kind.QUIZ, title="اختبار الوحدة", position=4)
    return cohort, page, file, session


def progress(page: Page) -> int:
    return int(page.locator("main progress").first.get_attribute("value"))


@pytest.mark.parametrize(("language", "side"), [("ar", "right"), ("ckb", "right"), ("en", "left")])
def test_a_trainee_works_through_the_course_on_a_phone(
    phone_page: Page, screenshot, live_content_origin, language, side
):
    cohort, reading, file, session = course_with_content()
    trainee = UserFactory(preferred_language=language)
    enrolment = enrolment_request(user=trainee, cohort=cohort)
    home = reverse("courses:course_home", args=[cohort.course_id])
    page = phone_page

    page.goto("/account/sign-in/?next=/courses/learning/")
    sign_in(page, trainee.email, PASSWORD)
    expect_language(page, language, "ltr" if language == "en" else "rtl")
    page.locator(f"main a[href='{home}']").first.click()
    page.wait_for_url(f"**{home}")
    check_phone_page(page, side)
    assert progress(page) == 0
    expect(page.locator("main .cohort-room")).to_have_text("قاعة الحاسوب 2")
    contact = page.locator("main .cohort-contact")
    expect(contact).to_contain_text("نور الهدى جاسم")
    expect(contact.locator("a[href='tel:+9647701234562']")).to_have_count(1)
    expect(contact.locator("a[href='mailto:baghdad.hub@demo.tadrib.iq']")).to_have_count(1)
    screenshot(page, f"{language}-1-home")

    page.locator(f"main a[href='{reverse('courses:activity', args=[reading.pk])}']").first.click()
    # The page in the trainee's own language (Kurdish readers no longer see the Arabic).
    subject, points, _case = demo.SUBJECTS["e-governance-frameworks"][language]
    expect(page.locator("main h2").first).to_have_text(subject)
    expect(page.locator("main li").first).to_have_text(points[0])
    image = page.locator("main figure img")
    expect(image).to_have_attribute("alt", demo.WORDS[language]["alt"])
    # Shown, not only its alt text: the rendition comes from the content origin.
    assert image.get_attribute("src").startswith(f"{live_content_origin}/play/c/media/")
    image.scroll_into_view_if_needed()
    for _ in range(100):
        if page.evaluate("document.querySelector('main figure img').complete"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('main figure img').naturalWidth") > 0
    video = page.locator("main video")
    expect(video).to_have_count(1)
    # The video comes through the access-checked view and the browser can play it.
    page.evaluate(
        "document.querySelector('main video').preload = 'metadata'; document.querySelector('main video').load()"
    )
    for _ in range(100):  # (wait_for_function evaluates a string, which the site's CSP forbids)
        if page.evaluate("document.querySelector('main video').readyState") >= 1:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('main video').readyState") >= 1
    check_phone_page(page, side)
    screenshot(page, f"{language}-2-page")

    page.locator("main .activity-nav a[rel=next]").click()
    page.wait_for_url(f"**{reverse('courses:activity', args=[file.pk])}")
    check_phone_page(page, side)
    screenshot(page, f"{language}-3-file")
    with page.expect_download() as download:
        page.locator("main a[download]").click()
    assert download.value.suggested_filename.endswith(".txt")

    page.goto(reverse("courses:activity", args=[session.pk]))
    expect(page.locator("main")).to_contain_text("القاعة 3")
    check_phone_page(page, side)
    screenshot(page, f"{language}-4-session")
    with page.expect_download() as calendar:
        page.locator(f"main a[href='{reverse('courses:session_calendar', args=[session.pk])}']").click()
    assert "BEGIN:VEVENT" in Path(calendar.value.path()).read_text(encoding="utf-8")

    page.goto(home)
    assert progress(page) == 50  # the page read and the file downloaded: two of four
    assert ActivityResult.objects.filter(enrolment=enrolment, completed=True).count() == 2
    check_phone_page(page, side)
    screenshot(page, f"{language}-5-home-after")
    assert first_load_bytes(page, home) <= PAGE_BUDGET_BYTES
