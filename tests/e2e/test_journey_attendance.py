"""In-person sessions on a phone: the instructor keeps the register, a trainee checks in by QR."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from courses.attendance import services as attendance
from courses.enrolment.services import enrolment_request
from courses.models import AttendanceRecord, Cohort, Enrolment
from lms.people.models import TrainingHub
from lms.people.roles import Role
from tests.courses.factories import CohortFactory, SessionFactory, course_page
from tests.e2e.pages import check_phone_page, expect_language, path_is, sign_in
from tests.lms.factories import PASSWORD, UserFactory

TRAINEES = ["زينب حسن علي", "مصطفى عبد الكريم جاسم", "نور الهدى فاضل عباس"]


def make_user(*, email: str, full_name_ar: str, role: Role, **fields):
    return UserFactory(email=email, full_name_ar=full_name_ar, role=role, **fields)


def basra_session(*, instructor=None):
    """A three-hour session that started ten minutes ago, of a Basra cohort of three trainees."""
    hub = TrainingHub.objects.create(
        name_ar="مركز تدريب البصرة", name_en="Basra Training Hub", governorate_id=1
    )
    course = course_page(title="أطر الحوكمة الإلكترونية")
    cohort = CohortFactory(
        course=course,
        hub=hub,
        title="البصرة – آذار",
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        enrolment_mode=Cohort.EnrolmentMode.OPEN,
    )
    if instructor is not None:
        cohort.instructors.add(instructor)
    trainees = []
    for n, name in enumerate(TRAINEES):
        trainee = make_user(email=f"trainee{n}@example.iq", full_name_ar=name, role=Role.TRAINEE)
        enrolment_request(user=trainee, cohort=cohort)
        trainees.append(trainee)
    starts_at = timezone.now() - datetime.timedelta(minutes=10)
    session = SessionFactory(
        cohort=cohort,
        title="الجلسة الأولى: أطر الحوكمة",
        location="القاعة ٣",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
    )
    return session, trainees


def test_instructor_fills_the_register_on_a_phone(phone_page, screenshot):
    page = phone_page
    instructor = make_user(email="instructor@example.iq", full_name_ar="أحمد كاظم جواد", role=Role.INSTRUCTOR)
    session, _ = basra_session(instructor=instructor)

    page.goto("/account/sign-in/")
    sign_in(page, "instructor@example.iq", PASSWORD)

    page.goto(reverse("courses:teaching_cohorts"))
    expect_language(page, "ar", "rtl")
    check_phone_page(page)
    screenshot(page, "cohorts")
    page.locator(".cohort-card-title a").click()
    page.wait_for_url(path_is(reverse("courses:teaching_cohort", args=[session.cohort_id])))
    check_phone_page(page)
    screenshot(page, "roster")

    page.locator(f"a[href='{reverse('courses:session_register', args=[session.pk])}']").first.click()
    page.wait_for_url(path_is(reverse("courses:session_register", args=[session.pk])))
    check_phone_page(page)
    rows = page.locator("fieldset.register-row")
    expect(rows).to_have_count(3)
    screenshot(page, "empty")

    wanted = {TRAINEES[0]: "present", TRAINEES[1]: "late", TRAINEES[2]: "absent"}
    for name, status in wanted.items():
        choice = rows.filter(has_text=name).locator(f"label.choice-{status}")
        box = choice.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 60, f"{status} is too small to tap: {box}"
        choice.tap()
        expect(choice.locator("input")).to_be_checked()
    screenshot(page, "filled")
    page.locator(".register-actions button:not([name])").click()

    page.wait_for_url(path_is(reverse("courses:session_register", args=[session.pk])))
    expect(page.locator("main .messages .message-success")).to_be_visible()
    check_phone_page(page)
    screenshot(page, "saved")
    recorded = {
        r.enrolment.user.full_name_ar: r.status
        for r in AttendanceRecord.objects.filter(session=session).select_related("enrolment__user")
    }
    assert recorded == wanted
    for name, status in wanted.items():
        expect(rows.filter(has_text=name).locator(f"label.choice-{status} input")).to_be_checked()

    page.goto(reverse("courses:session_qr", args=[session.pk]))
    expect(page.locator("#check-in-qr svg")).to_be_visible()
    check_phone_page(page)
    screenshot(page, "qr")


def test_trainee_checks_in_with_the_qr_code(phone_page, screenshot):
    page = phone_page
    session, trainees = basra_session()

    page.goto("/account/sign-in/")
    sign_in(page, "trainee1@example.iq", PASSWORD)
    token = attendance.check_in_token(session_id=session.pk)
    page.goto(reverse("courses:check_in", args=[session.pk, token]))

    expect(page.locator("main .check-in-ok")).to_be_visible()
    expect_language(page, "ar", "rtl")
    check_phone_page(page)
    screenshot(page)
    record = AttendanceRecord.objects.get(session=session)
    assert (record.enrolment.user, record.status, record.method) == (trainees[1], "present", "qr")
    assert record.enrolment.state == Enrolment.State.ACTIVE

    page.goto(reverse("courses:check_in", args=[session.pk, "0" * 24]))
    expect(page.locator("main .check-in-refused [role=alert]")).to_be_visible()
    check_phone_page(page)
    screenshot(page, "refused")
    assert AttendanceRecord.objects.filter(session=session).count() == 1


def test_coordinator_approves_a_request_on_a_phone(phone_page, screenshot):
    page = phone_page
    coordinator = make_user(
        email="coordinator@example.iq", full_name_ar="علي جبار ناصر", role=Role.HUB_COORDINATOR
    )
    session, _ = basra_session()
    session.cohort.hub.coordinators.add(coordinator)
    Cohort.objects.filter(pk=session.cohort_id).update(enrolment_mode=Cohort.EnrolmentMode.APPROVAL)
    asking = [
        make_user(email=f"asking{n}@example.iq", full_name_ar=name, job_title="موظف", role=Role.TRAINEE)
        for n, name in enumerate(["حسين علي كريم", "فاطمة جواد كاظم"])
    ]
    for person in asking:
        enrolment_request(user=person, cohort=Cohort.objects.get(pk=session.cohort_id))

    page.goto("/account/sign-in/")
    sign_in(page, "coordinator@example.iq", PASSWORD)
    page.goto(reverse("courses:approvals"))
    check_phone_page(page)
    requests = page.locator("li.request")
    expect(requests).to_have_count(2)
    screenshot(page)

    requests.filter(has_text="حسين علي كريم").locator("button[type=submit]").first.click()
    page.wait_for_url(path_is(reverse("courses:approvals")))
    expect(page.locator("main .messages .message-success")).to_be_visible()
    expect(requests).to_have_count(1)

    other = requests.filter(has_text="فاطمة جواد كاظم")
    other.locator("summary").click()
    other.locator("textarea[name=reason]").fill("الدفعة مخصصة لموظفي مديرية الاتصالات")
    screenshot(page, "rejecting")
    other.locator(".button-danger").click()
    page.wait_for_url(path_is(reverse("courses:approvals")))
    expect(requests).to_have_count(0)
    check_phone_page(page)
    states = dict(Enrolment.objects.filter(user__in=asking).values_list("user__email", "state"))
    assert states == {"asking0@example.iq": "active", "asking1@example.iq": "rejected"}
