"""The instructors' and hub coordinators' pages: who sees what, the register, approvals, check-in."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from courses.attendance import services as attendance
from courses.enrolment.services import enrolment_request
from courses.models import AttendanceRecord, Cohort, Enrolment, Session
from lms.people.roles import Role
from tests.courses.factories import CohortFactory, SessionFactory, course_page
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db
State = Enrolment.State
Status = AttendanceRecord.Status


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@dataclass
class World:
    """Two hubs, each with a cohort of its own instructor and coordinator, and trainees."""

    basra_cohort: Cohort
    erbil_cohort: Cohort
    basra_session: Session
    erbil_session: Session
    basra_instructor: object
    erbil_instructor: object
    basra_coordinator: object
    programme_manager: object
    trainees: list
    basra_request: Enrolment
    erbil_request: Enrolment


@pytest.fixture
def world() -> World:
    basra_hub, erbil_hub = TrainingHubFactory(), TrainingHubFactory()
    basra_coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    basra_hub.coordinators.add(basra_coordinator)
    erbil_hub.coordinators.add(UserFactory(role=Role.HUB_COORDINATOR))
    started = timezone.localdate() - datetime.timedelta(days=1)
    basra_cohort = CohortFactory(
        hub=basra_hub, starts_on=started, title="البصرة ٢٠٢٦", enrolment_mode=Cohort.EnrolmentMode.APPROVAL
    )
    basra_instructor = UserFactory(role=Role.INSTRUCTOR)
    basra_cohort.instructors.add(basra_instructor)
    # The Erbil instructor teaches the course itself, so every cohort of it.
    erbil_instructor = UserFactory(role=Role.INSTRUCTOR)
    erbil_course = course_page(title="تخطيط الحكومة الإلكترونية")
    erbil_course.instructors.add(erbil_instructor)
    erbil_course.save()
    erbil_cohort = CohortFactory(
        course=erbil_course, hub=erbil_hub, starts_on=started, enrolment_mode=Cohort.EnrolmentMode.APPROVAL
    )
    trainees = [UserFactory(role=Role.TRAINEE) for _ in range(3)]
    for trainee in trainees:
        enrolment = enrolment_request(user=trainee, cohort=basra_cohort)
        Enrolment.objects.filter(pk=enrolment.pk).update(state=State.ACTIVE)
    starts_at = timezone.now() - datetime.timedelta(minutes=5)
    return World(
        basra_cohort=basra_cohort,
        erbil_cohort=erbil_cohort,
        basra_session=SessionFactory(
            cohort=basra_cohort, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
        ),
        erbil_session=SessionFactory(
            cohort=erbil_cohort, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
        ),
        basra_instructor=basra_instructor,
        erbil_instructor=erbil_instructor,
        basra_coordinator=basra_coordinator,
        programme_manager=UserFactory(role=Role.PROGRAMME_MANAGER),
        trainees=trainees,
        basra_request=enrolment_request(
            user=UserFactory(full_name_ar="طالب مقعد البصرة"), cohort=basra_cohort
        ),
        erbil_request=enrolment_request(
            user=UserFactory(full_name_ar="طالب مقعد أربيل"), cohort=erbil_cohort
        ),
    )


def urls_about(world: World, *, basra: bool) -> list[str]:
    cohort = world.basra_cohort if basra else world.erbil_cohort
    session = world.basra_session if basra else world.erbil_session
    return [
        reverse("courses:teaching_cohort", args=[cohort.pk]),
        reverse("courses:session_register", args=[session.pk]),
        reverse("courses:session_qr", args=[session.pk]),
    ]


# --- Who sees what --------------------------------------------------------------------------


def test_staff_pages_ask_a_visitor_to_sign_in(world):
    for url in [
        reverse("courses:teaching_cohorts"),
        reverse("courses:approvals"),
        *urls_about(world, basra=True),
    ]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("people:login"))


def test_a_trainee_sees_no_staff_page(world):
    client = client_for(world.trainees[0])
    assert client.get(reverse("courses:teaching_cohorts")).status_code == 403
    assert client.get(reverse("courses:approvals")).status_code == 403
    for url in urls_about(world, basra=True):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("courses:enrolment_approve", args=[world.basra_request.pk]))
    assert response.status_code == 404
    world.basra_request.refresh_from_db()
    assert world.basra_request.state == State.REQUESTED


def test_an_instructor_sees_only_their_own_cohorts(world):
    client = client_for(world.basra_instructor)
    page = client.get(reverse("courses:teaching_cohorts")).content.decode()
    assert world.basra_cohort.title in page
    assert world.erbil_cohort.title not in page
    for url in urls_about(world, basra=True):
        assert client.get(url).status_code == 200, url
    for url in urls_about(world, basra=False):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("courses:approvals")).status_code == 403


def test_staff_with_nothing_to_teach_yet_see_empty_pages(world):
    client = client_for(UserFactory(role=Role.INSTRUCTOR))
    response = client.get(reverse("courses:teaching_cohorts"))
    assert response.status_code == 200
    assert response.context["listing"].current == []
    assert client.get(reverse("courses:approvals")).status_code == 403
    coordinator = client_for(UserFactory(role=Role.HUB_COORDINATOR))
    assert coordinator.get(reverse("courses:approvals")).context["groups"] == []


def test_the_instructors_of_a_course_teach_all_its_cohorts(world):
    client = client_for(world.erbil_instructor)
    for url in urls_about(world, basra=False):
        assert client.get(url).status_code == 200, url
    for url in urls_about(world, basra=True):
        assert client.get(url).status_code == 404, url


def test_a_coordinator_sees_only_their_hubs_cohorts_and_requests(world):
    client = client_for(world.basra_coordinator)
    assert client.get(reverse("courses:teaching_cohort", args=[world.basra_cohort.pk])).status_code == 200
    assert client.get(reverse("courses:teaching_cohort", args=[world.erbil_cohort.pk])).status_code == 404
    queue = client.get(reverse("courses:approvals")).content.decode()
    assert "طالب مقعد البصرة" in queue
    assert "طالب مقعد أربيل" not in queue
    response = client.post(reverse("courses:enrolment_approve", args=[world.erbil_request.pk]))
    assert response.status_code == 404
    world.erbil_request.refresh_from_db()
    assert world.erbil_request.state == State.REQUESTED


def test_a_coordinator_does_not_keep_the_instructors_register(world):
    client = client_for(world.basra_coordinator)
    assert client.get(reverse("courses:session_register", args=[world.basra_session.pk])).status_code == 404


def test_a_programme_manager_sees_every_request(world):
    queue = client_for(world.programme_manager).get(reverse("courses:approvals")).content.decode()
    assert "طالب مقعد البصرة" in queue
    assert "طالب مقعد أربيل" in queue


# --- Roster ---------------------------------------------------------------------------------


def test_the_roster_shows_each_trainees_progress(world):
    attendance.attendance_record(
        session=world.basra_session,
        enrolment=world.basra_cohort.enrolments.get(user=world.trainees[0]),
        status=Status.PRESENT,
        by=world.basra_instructor,
    )
    response = client_for(world.basra_instructor).get(
        reverse("courses:teaching_cohort", args=[world.basra_cohort.pk])
    )
    rows = {row.enrolment.user: row for row in response.context["roster"]}
    assert set(rows) == set(world.trainees)  # the pending request has no seat yet
    assert rows[world.trainees[0]].attendance_percent == 100
    assert rows[world.trainees[1]].attendance_percent == 0
    page = response.content.decode()
    assert "100%" in page
    assert world.trainees[0].full_name_ar in page


# --- Approvals ------------------------------------------------------------------------------


def test_a_coordinator_approves_a_request(world, django_capture_on_commit_callbacks):
    client = client_for(world.basra_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:enrolment_approve", args=[world.basra_request.pk]))
    assert response.status_code == 302
    world.basra_request.refresh_from_db()
    assert world.basra_request.state in (State.APPROVED, State.ACTIVE)
    assert world.basra_request.transitions.filter(to_state=State.APPROVED).get().by == world.basra_coordinator
    groups = client.get(reverse("courses:approvals")).context["groups"]
    assert world.basra_request not in [enrolment for group in groups for enrolment in group.requests]


def test_approving_into_a_full_cohort_waitlists_and_says_so(world):
    Cohort.objects.filter(pk=world.basra_cohort.pk).update(capacity=3)
    response = client_for(world.basra_coordinator).post(
        reverse("courses:enrolment_approve", args=[world.basra_request.pk])
    )
    world.basra_request.refresh_from_db()
    assert world.basra_request.state == State.WAITLISTED
    assert any("طالب مقعد البصرة" in m for m in messages_of(response))


def test_a_rejection_without_a_reason_changes_nothing(world):
    client = client_for(world.basra_coordinator)
    response = client.post(
        reverse("courses:enrolment_reject", args=[world.basra_request.pk]), {"reason": "  "}
    )
    assert response.status_code == 302
    assert messages_of(response) == [arabic("Give a reason for the rejection.")]
    world.basra_request.refresh_from_db()
    assert world.basra_request.state == State.REQUESTED


def test_a_rejection_with_a_reason_is_recorded(world):
    client = client_for(world.basra_coordinator)
    client.post(
        reverse("courses:enrolment_reject", args=[world.basra_request.pk]),
        {"reason": "الدفعة مخصصة لموظفي مديرية الاتصالات"},
    )
    world.basra_request.refresh_from_db()
    assert world.basra_request.state == State.REJECTED
    assert world.basra_request.transitions.last().reason == "الدفعة مخصصة لموظفي مديرية الاتصالات"


def test_approving_twice_says_the_request_is_no_longer_pending(world):
    client = client_for(world.basra_coordinator)
    client.post(reverse("courses:enrolment_approve", args=[world.basra_request.pk]))
    response = client.post(reverse("courses:enrolment_approve", args=[world.basra_request.pk]))
    assert response.status_code == 302
    assert messages_of(response)[-1] == arabic("Only a pending request can be approved.")


def test_approval_buttons_only_answer_post(world):
    client = client_for(world.basra_coordinator)
    assert client.get(reverse("courses:enrolment_approve", args=[world.basra_request.pk])).status_code == 405


# --- The register ---------------------------------------------------------------------------


def register_url(world: World) -> str:
    return reverse("courses:session_register", args=[world.basra_session.pk])


def enrolment_of(world: World, trainee) -> Enrolment:
    return world.basra_cohort.enrolments.get(user=trainee)


def test_the_register_lists_every_trainee_with_four_choices(world):
    page = client_for(world.basra_instructor).get(register_url(world)).content.decode()
    for trainee in world.trainees:
        assert trainee.full_name_ar in page
        for status in Status.values:
            assert f'name="status_{enrolment_of(world, trainee).pk}" value="{status}"' in page
    assert "طالب مقعد البصرة" not in page


def test_the_instructor_saves_the_register_in_one_submit(world):
    first, second, third = (enrolment_of(world, t) for t in world.trainees)
    response = client_for(world.basra_instructor).post(
        register_url(world),
        {f"status_{first.pk}": "present", f"status_{second.pk}": "late", f"status_{third.pk}": "excused"},
    )
    assert response.status_code == 302
    assert dict(world.basra_session.attendance.values_list("enrolment_id", "status")) == {
        first.pk: "present",
        second.pk: "late",
        third.pk: "excused",
    }
    assert set(world.basra_session.attendance.values_list("recorded_by", flat=True)) == {
        world.basra_instructor.pk
    }


def test_the_rest_can_be_marked_present_at_once(world):
    first, second, third = (enrolment_of(world, t) for t in world.trainees)
    client_for(world.basra_instructor).post(
        register_url(world), {f"status_{first.pk}": "absent", "rest_present": "1"}
    )
    assert dict(world.basra_session.attendance.values_list("enrolment_id", "status")) == {
        first.pk: "absent",
        second.pk: "present",
        third.pk: "present",
    }


def test_a_bad_choice_saves_nothing_and_says_so(world):
    first, second, _ = (enrolment_of(world, t) for t in world.trainees)
    response = client_for(world.basra_instructor).post(
        register_url(world), {f"status_{first.pk}": "present", f"status_{second.pk}": "asleep"}
    )
    assert response.status_code == 200
    assert messages_of(response) == [arabic("Some choices were not valid; nothing was saved.")]
    assert not AttendanceRecord.objects.exists()


def test_the_register_ignores_trainees_of_other_cohorts(world):
    outsider = enrolment_request(user=UserFactory(), cohort=CohortFactory())
    first = enrolment_of(world, world.trainees[0])
    client_for(world.basra_instructor).post(
        register_url(world), {f"status_{first.pk}": "present", f"status_{outsider.pk}": "present"}
    )
    assert list(AttendanceRecord.objects.values_list("enrolment_id", flat=True)) == [first.pk]


# --- QR code and check-in -------------------------------------------------------------------


def test_the_qr_page_shows_a_code_that_refreshes_every_30_seconds(world):
    client = client_for(world.basra_instructor)
    url = reverse("courses:session_qr", args=[world.basra_session.pk])
    page = client.get(url).content.decode()
    assert '<svg viewBox="0 0' in page
    assert 'hx-trigger="every 30s"' in page
    assert '<meta http-equiv="refresh" content="30">' in page
    assert "vendor/htmx/htmx.min.js" in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="check-in-qr"')
    assert "no-cache" in partial["Cache-Control"]


def test_the_qr_code_encodes_the_check_in_address_valid_now(world, monkeypatch):
    encoded = []
    real_make = __import__("segno").make

    def make(content, **kwargs):
        encoded.append(content)
        return real_make(content, **kwargs)

    monkeypatch.setattr("courses.teaching.views.segno.make", make)
    client_for(world.basra_instructor).get(reverse("courses:session_qr", args=[world.basra_session.pk]))
    [address] = encoded
    token = attendance.check_in_token(session_id=world.basra_session.pk)
    assert address == f"http://localhost:8000/courses/learning/check-in/{world.basra_session.pk}/{token}/"


def test_the_qr_page_shows_no_code_before_check_in_opens(world):
    soon = timezone.now() + datetime.timedelta(hours=2)
    session = SessionFactory(
        cohort=world.basra_cohort, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    page = (
        client_for(world.basra_instructor)
        .get(reverse("courses:session_qr", args=[session.pk]))
        .content.decode()
    )
    assert "<svg" not in page
    opens = timezone.localtime(soon - datetime.timedelta(minutes=30)).strftime("%H:%M")
    assert arabic("Check-in opens at %(time)s.") % {"time": opens} in page


def arabic(message: str) -> str:
    """``message`` as an Arabic reader sees it (the site's default language)."""
    with translation.override("ar"):
        return translation.gettext(message)


def check_in_url(session: Session, token: str | None = None) -> str:
    token = token or attendance.check_in_token(session_id=session.pk)
    return reverse("courses:check_in", args=[session.pk, token])


def test_an_enrolled_trainee_checks_in_by_opening_the_codes_address(world):
    trainee = world.trainees[0]
    response = client_for(trainee).get(check_in_url(world.basra_session))
    assert response.status_code == 200
    assert arabic("You are checked in") in response.content.decode()
    record = AttendanceRecord.objects.get()
    assert (record.enrolment.user, record.status, record.method) == (trainee, "present", "qr")


def test_someone_not_enrolled_is_refused_clearly(world):
    response = client_for(UserFactory()).get(check_in_url(world.basra_session))
    assert response.status_code == 403
    assert arabic("You are not enrolled in the cohort of this session.") in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_a_forged_or_old_code_is_refused_clearly(world):
    client = client_for(world.trainees[0])
    old = attendance.check_in_token(
        session_id=world.basra_session.pk, at=timezone.now() - datetime.timedelta(minutes=2)
    )
    for url in (check_in_url(world.basra_session, "f" * 24), check_in_url(world.basra_session, old)):
        response = client.get(url)
        assert response.status_code == 400
        assert (
            arabic("This check-in code has expired or is not valid. Scan the code on the screen again.")
            in response.content.decode()
        )
    assert client.get(reverse("courses:check_in", args=[999999, "abc"])).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_a_code_scanned_before_signing_in_still_counts_after_signing_in(world, monkeypatch):
    client = Client()
    url = check_in_url(world.basra_session)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))
    # Signing in takes three minutes: the code on the screen has changed meanwhile.
    later = timezone.now() + datetime.timedelta(minutes=3)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    client.force_login(world.trainees[0])
    response = client.get(url)
    assert response.status_code == 200
    assert AttendanceRecord.objects.get().status == "present"


def test_a_code_opened_long_after_scanning_is_refused(world, monkeypatch):
    client = Client()
    url = check_in_url(world.basra_session)
    client.get(url)
    later = timezone.now() + datetime.timedelta(minutes=11)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    client.force_login(world.trainees[0])
    assert client.get(url).status_code == 400
