"""Issue 3, acceptance 1 and 5: an instructor builds a programme in the admin; trainees on phones
find a course without typing the hamza, filter by governorate, enrol, and the waiting list moves.

The first load of the catalogue and of a course page must stay under 60 KB on the wire; the sizes
are read from Chromium's own network log (``Network.loadingFinished``'s ``encodedDataLength``,
the bytes received including headers) with the browser cache turned off.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from courses.models import Cohort, CoursePage, Enrolment, ProgrammePage
from lms.people.roles import Role
from tests.courses.factories import CohortFactory, catalogue, course_page
from tests.e2e.conftest import PHONE, TIMEOUT_MS
from tests.e2e.pages import check_phone_page, expect_language, path_is, sign_in
from tests.lms.factories import PASSWORD, TrainingHubFactory, UserFactory, governorate

PAGE_BUDGET_BYTES = 60 * 1024
WITH_HAMZA = "الإدارة الإلكترونية للمشاريع"
WITHOUT_HAMZA = "الادارة"


def admin_sign_in(page: Page, identifier: str) -> None:
    page.goto("/admin/login/")
    form = page.locator("form.login-form")
    form.locator("#id_username").fill(identifier)
    form.locator("#id_password").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(path_is("/admin/"))


def publish(page: Page) -> None:
    """Press the editor's "Publish", which sits in the menu beside "Save draft"."""
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("footer button[name=action-publish]").click()
    page.wait_for_url(lambda url: "/edit/" not in url and "/add/" not in url)


def choose_course(page: Page, index: int, title: str) -> None:
    """Pick the ``index``-th course of the programme with Wagtail's page chooser."""
    page.locator(f"#inline_child_programme_courses-{index} [data-chooser-action-choose]").click()
    page.locator(f".modal-content a.choose-page[data-title='{title}']").click()
    expect(page.locator(".modal-content")).to_have_count(0)


@contextmanager
def phone(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def first_load_bytes(page: Page, path: str) -> int:
    """Bytes on the wire to load ``path`` with an empty cache: the page and all it pulls in."""
    cdp = page.context.new_cdp_session(page)
    received: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.update({event["requestId"]: event["encodedDataLength"]}),
    )
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # late finishers (the favicon)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.detach()
    return sum(received.values())


def enrolment_of(email: str, course: CoursePage) -> Enrolment:
    return Enrolment.objects.get(user__email=email, cohort__course=course)


@pytest.fixture
def places():
    return {
        code: TrainingHubFactory(name_ar=name, name_en=name, governorate=governorate(code))
        for code, name in (
            ("basra", "مركز تدريب البصرة"),
            ("erbil", "مركز تدريب أربيل"),
            ("najaf", "مركز تدريب النجف"),
        )
    }


def test_instructor_builds_a_programme_and_trainees_enrol_from_their_phones(
    desktop_page, browser, live_server, places, screenshot
):
    instructor = UserFactory(email="instructor@example.iq", role=Role.INSTRUCTOR, full_name_ar="أحمد كاظم")
    UserFactory(email="zainab@example.iq", role=Role.TRAINEE, full_name_ar="زينب حسن")
    UserFactory(email="ali@example.iq", role=Role.TRAINEE, full_name_ar="علي جبار")
    index = catalogue()  # its creation gives the roles their page permissions on it
    soon = timezone.localdate() + datetime.timedelta(days=10)
    frameworks = course_page(title="أطر الحوكمة الإلكترونية", slug="frameworks")
    strategy = course_page(title="استراتيجية الحكومة الإلكترونية", slug="strategy")
    CohortFactory(course=frameworks, title="البصرة – الدفعة الأولى", hub=places["basra"], starts_on=soon)
    CohortFactory(course=strategy, title="أربيل – الدفعة الأولى", hub=places["erbil"], starts_on=soon)

    # --- Acceptance 1: the instructor, in the Wagtail admin, in Arabic ---------------------
    admin = desktop_page
    admin_sign_in(admin, "instructor@example.iq")
    expect_language(admin, "ar", "rtl")

    admin.goto(f"/admin/pages/add/courses/coursepage/{index.pk}/")
    admin.locator("#id_title").fill(WITH_HAMZA)
    admin.locator("#id_title").press("Tab")
    admin.locator("#id_summary").fill("تخطيط المشاريع الرقمية ومتابعتها في الدوائر الحكومية.")
    admin.locator("#id_duration_hours").fill("24")
    admin.locator("#id_delivery_mode").select_option("in_person")
    admin.locator("#id_languages_0").check()
    # Who teaches is a manager's choice (issue 9): the author is named, and the field is read-only.
    expect(admin.locator("#id_instructors")).to_be_disabled()
    publish(admin)
    management = CoursePage.objects.get(title=WITH_HAMZA)
    assert management.live and management.owner == instructor
    assert list(management.instructors.all()) == [instructor]

    admin.goto(f"/admin/pages/add/courses/programmepage/{index.pk}/")
    admin.locator("#id_title").fill("برنامج إعداد المدربين الرئيسيين")
    admin.locator("#id_title").press("Tab")
    admin.locator("#id_summary").fill("ثلاث دورات تُعدّ مدربين رئيسيين في الحكومة الإلكترونية.")
    admin.locator("#id_is_master_trainer_programme").check()
    for position, course in enumerate((frameworks, strategy, management)):
        if position:
            admin.locator("#id_programme_courses-ADD").click()
        choose_course(admin, position, course.title)
    publish(admin)
    programme = ProgrammePage.objects.get(title="برنامج إعداد المدربين الرئيسيين")
    assert programme.live and programme.is_master_trainer_programme
    assert [p.course for p in programme.programme_courses.order_by("sort_order")] == [
        frameworks,
        strategy,
        management,
    ]

    # The new course's cohort, in Najaf, with a single seat, made in the admin's cohort screens.
    admin.goto("/admin/cohorts/new/")
    course_choices = admin.locator("#id_course option:not([value=''])")
    expect(course_choices).to_have_count(1)  # only the course this instructor teaches
    admin.locator("#id_course").select_option(str(management.pk))
    admin.locator("#id_title").fill("النجف – مقعد واحد")
    admin.locator("#id_starts_on").fill(soon.isoformat())
    admin.locator("#id_ends_on").fill((soon + datetime.timedelta(days=4)).isoformat())
    admin.locator("#id_hub").select_option(str(places["najaf"].pk))
    admin.locator("#id_capacity").fill("1")
    admin.locator("#id_enrolment_mode").select_option("open")
    admin.locator("form button[type=submit].action-save, form button[type=submit]").last.click()
    admin.wait_for_url(path_is("/admin/cohorts/"))
    najaf = Cohort.objects.get(title="النجف – مقعد واحد")
    assert (najaf.course, najaf.hub, najaf.capacity) == (management, places["najaf"], 1)
    listing = admin.locator("table.listing")
    expect(listing.get_by_role("link", name="النجف – مقعد واحد")).to_be_visible()
    expect(listing.get_by_text("البصرة – الدفعة الأولى")).to_have_count(0)  # not their course

    # --- Acceptance 5: a trainee on a phone, in Arabic ----------------------------------------
    with phone(browser, live_server) as page:
        catalogue_bytes = first_load_bytes(page, index.url)
        assert catalogue_bytes < PAGE_BUDGET_BYTES, f"the catalogue weighs {catalogue_bytes} bytes"
        course_bytes = first_load_bytes(page, management.url)
        assert course_bytes < PAGE_BUDGET_BYTES, f"a course page weighs {course_bytes} bytes"
        print(f"first load on the wire: catalogue {catalogue_bytes} B, course page {course_bytes} B")

        page.goto("/account/sign-in/")
        sign_in(page, "zainab@example.iq", PASSWORD)
        page.goto(index.url)
        expect_language(page, "ar", "rtl")
        check_phone_page(page)
        expect(page.locator("main article.course-item")).to_have_count(3)

        # Typed without the hamza, the title written with it is found; the others are not.
        page.locator("#q").fill(WITHOUT_HAMZA)
        page.locator("main form[role=search] button[type=submit]").first.click()
        page.wait_for_url(lambda url: "q=" in url)
        results = page.locator("main article.course-item h3")
        expect(results).to_have_count(1)
        expect(results).to_have_text(WITH_HAMZA)
        expect(page.locator("main article.programme-item")).to_have_count(0)

        # Filter by governorate (no JavaScript needed: a GET form), keeping the words.
        page.locator("main details.filters summary").click()
        najaf_option = page.locator("#filter-governorate option", has_text=governorate("najaf").name_ar)
        expect(najaf_option).to_have_text(f"{governorate('najaf').name_ar} (1)")
        page.locator("#filter-governorate").select_option(str(governorate("najaf").pk))
        page.locator("main details.filters button[type=submit]").click()
        page.wait_for_url(lambda url: "governorate=" in url and "q=" in url)
        expect(results).to_have_count(1)
        expect(results).to_have_text(WITH_HAMZA)
        check_phone_page(page)
        screenshot(page, "catalogue")

        page.locator("main article.course-item h3 a").click()
        page.wait_for_url(path_is(management.url))
        cohort = page.locator(f"#cohort-{najaf.pk}")
        expect(cohort).to_contain_text("مركز تدريب النجف")
        cohort.locator("button[type=submit]").click()
        page.wait_for_url(path_is(management.url))
        expect(page.locator("main .messages .message-success")).to_be_visible()
        expect(cohort.locator(".state-approved")).to_be_visible()
        assert enrolment_of("zainab@example.iq", management).state == Enrolment.State.APPROVED
        check_phone_page(page)
        screenshot(page, "course")

        page.goto("/courses/learning/")
        expect(page.locator("main")).to_contain_text(WITH_HAMZA)
        check_phone_page(page)
        screenshot(page, "my-learning")

        # --- The single seat: a second trainee waits, and moves up when the first withdraws ---
        with phone(browser, live_server) as second:
            second.goto("/account/sign-in/")
            sign_in(second, "ali@example.iq", PASSWORD)
            second.goto(management.url)
            second.locator(f"#cohort-{najaf.pk} button[type=submit]").click()
            second.wait_for_url(path_is(management.url))
            expect(second.locator("main .messages .message-warning")).to_contain_text("1")
            expect(second.locator(f"#cohort-{najaf.pk} .state-waitlisted")).to_contain_text("1")
            assert enrolment_of("ali@example.iq", management).state == Enrolment.State.WAITLISTED
            check_phone_page(second)
            screenshot(second, "waiting-list")

            page.goto(management.url)
            page.locator(f"#cohort-{najaf.pk} a[href*='/withdraw/']").click()
            check_phone_page(page)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(path_is(management.url))
            expect(page.locator("main .messages .message-success")).to_be_visible()
            assert enrolment_of("zainab@example.iq", management).state == Enrolment.State.WITHDRAWN

            second.reload()
            expect(second.locator(f"#cohort-{najaf.pk} .state-approved")).to_be_visible()
            assert enrolment_of("ali@example.iq", management).state == Enrolment.State.APPROVED
