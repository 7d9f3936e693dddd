"""The course as an enrolled trainee works through it: course home, page, file and session activities.

Nobody else reaches any of it (404, so nobody learns which courses and files exist); a locked
activity says why; pages run a fixed number of queries however long the course is.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from wagtail.documents import get_document_model

from courses.enrolment.services import enrolment_request
from courses.learning import openers
from courses.models import Activity, ActivityContent, ActivityResult, AttendanceRecord, Enrolment
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, SessionFactory
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db
Kind = Activity.Kind


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def document(name: str = "guide.pdf", data: bytes = b"%PDF-1.4 guide", title: str = "Guide"):
    doc = get_document_model()(title=title)
    doc.file.save(name, ContentFile(data), save=False)
    doc.save()
    return doc


class World:
    """A course of two modules (page, file, session; page marked done, quiz), a trainee in it."""

    def __init__(self):
        self.cohort = CohortFactory(hub=TrainingHubFactory())
        course = self.cohort.course
        first = CourseModuleFactory(course=course, title="أطر الحوكمة", position=1)
        second = CourseModuleFactory(course=course, title="الاستراتيجية", position=2)
        self.file = document()
        self.page = ActivityFactory(module=first, kind=Kind.PAGE, title="مقدمة", position=1)
        ActivityContent.objects.create(
            activity=self.page,
            language="en",
            body=[
                {"type": "heading", "value": {"text": "Why frameworks", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Frameworks give public bodies one language.</p>"},
                {"type": "file", "value": {"document": self.file.pk, "label": "The guide"}},
            ],
        )
        self.download = ActivityFactory(
            module=first, kind=Kind.FILE, title="الدليل", position=2, document=document("plan.pdf")
        )
        self.session = ActivityFactory(module=first, kind=Kind.SESSION, title="ورشة", position=3)
        self.meeting = SessionFactory(
            cohort=self.cohort,
            activity=self.session,
            title="ورشة التخطيط",
            location="القاعة 3",
            starts_at=timezone.now() + datetime.timedelta(days=2),
        )
        self.marked = ActivityFactory(
            module=second, kind=Kind.PAGE, title="تمرين", position=1, completion=Activity.Completion.MARKED
        )
        self.quiz = ActivityFactory(
            module=second, kind=Kind.QUIZ, title="اختبار", position=2, released_after=self.marked
        )
        self.trainee = UserFactory(preferred_language="en")
        self.enrolment = enrolment_request(user=self.trainee, cohort=self.cohort)
        self.client = signed_in(self.trainee)

    def home_url(self) -> str:
        return reverse("courses:course_home", args=[self.cohort.course_id])

    def result(self, activity) -> ActivityResult | None:
        return ActivityResult.objects.filter(enrolment=self.enrolment, activity=activity).first()


@pytest.fixture
def world() -> World:
    return World()


def urls_of(world: World) -> list[str]:
    return [
        world.home_url(),
        reverse("courses:activity", args=[world.page.pk]),
        reverse("courses:activity", args=[world.download.pk]),
        reverse("courses:activity_file", args=[world.download.pk, world.download.document_id]),
        reverse("courses:activity_file", args=[world.page.pk, world.file.pk]),
        reverse("courses:session_calendar", args=[world.session.pk]),
    ]


def test_nobody_but_the_enrolled_trainee_reaches_the_course_its_pages_and_files(world):
    outsiders = [Client(), signed_in(UserFactory())]
    withdrawn = UserFactory()
    Enrolment.objects.create(user=withdrawn, cohort=world.cohort, state=Enrolment.State.WITHDRAWN)
    outsiders.append(signed_in(withdrawn))
    for client in outsiders:
        for url in urls_of(world):
            assert client.get(url).status_code == 404, url
    assert not ActivityResult.objects.exists()


def test_the_course_home_shows_modules_activities_state_progress_next_step_and_the_cohort(world):
    page = world.client.get(world.home_url()).content.decode()
    assert page.index("أطر الحوكمة") < page.index("مقدمة") < page.index("الاستراتيجية") < page.index("اختبار")
    assert "Progress: 0%" in page
    assert "Your next step" in page and "Start" in page
    assert "Complete “تمرين” first." in page  # the quiz is locked, and says why
    assert world.cohort.hub.name in page and "القاعة 3" in page


def test_the_course_home_gives_the_cohorts_room_and_contact_else_the_hubs_coordinators(world):
    coordinator = UserFactory(full_name_latin="Hub Coordinator")
    world.cohort.hub.coordinators.add(coordinator)
    page = world.client.get(world.home_url()).content.decode()
    assert "Hub Coordinator" in page and "Room" not in page
    world.cohort.room = "قاعة الحاسوب 2"
    world.cohort.contact_name = "نور الهدى جاسم"
    world.cohort.contact_phone = "+9647701234562"
    world.cohort.contact_email = "baghdad.hub@example.iq"
    world.cohort.save()
    page = world.client.get(world.home_url()).content.decode()
    assert "Room" in page and "قاعة الحاسوب 2" in page
    assert "نور الهدى جاسم" in page and 'href="tel:+9647701234562"' in page
    assert 'href="mailto:baghdad.hub@example.iq"' in page
    assert "Hub Coordinator" not in page


def test_the_course_home_shows_an_edited_outline_at_once(world):
    world.client.get(world.home_url())  # the outline is now cached
    world.page.title = "مقدمة جديدة"
    world.page.save()
    ActivityFactory(module=world.page.module, kind=Kind.PAGE, title="صفحة مضافة", position=9)
    page = world.client.get(world.home_url()).content.decode()
    assert "مقدمة جديدة" in page and "صفحة مضافة" in page
    world.marked.delete()
    assert "تمرين" not in world.client.get(world.home_url()).content.decode()


def test_a_page_read_is_done_and_progress_rises(world):
    page = world.client.get(reverse("courses:activity", args=[world.page.pk])).content.decode()
    assert "<h2>Why frameworks</h2>" in page
    assert "Frameworks give public bodies one language." in page
    assert reverse("courses:activity_file", args=[world.page.pk, world.file.pk]) in page
    assert world.file.url not in page  # never the public document address
    assert world.result(world.page).completed
    assert "Progress: 20%" in world.client.get(world.home_url()).content.decode()


def test_a_page_marked_done_completes_only_when_marked_and_opens_what_waited_for_it(world):
    url = reverse("courses:activity", args=[world.marked.pk])
    assert "Mark as done" in world.client.get(url).content.decode()
    assert not world.result(world.marked).completed
    assert world.client.get(reverse("courses:activity", args=[world.quiz.pk])).status_code == 403

    response = world.client.post(reverse("courses:activity_done", args=[world.marked.pk]))
    # The quiz opens where assessment registered it.
    assert response.url == reverse("assessment:quiz", args=[world.quiz.pk])
    assert world.result(world.marked).completed


def test_a_kind_that_no_app_opens_says_it_is_not_yet_available(world, monkeypatch):
    monkeypatch.delitem(openers._openers, "quiz")
    world.client.post(reverse("courses:activity_done", args=[world.marked.pk]))
    unavailable = world.client.get(reverse("courses:activity", args=[world.quiz.pk]))
    assert unavailable.status_code == 200
    assert "not yet available" in unavailable.content.decode()


def test_a_locked_activity_says_why_and_lends_nothing(world):
    response = world.client.get(reverse("courses:activity", args=[world.quiz.pk]))
    assert response.status_code == 403
    assert "Complete “تمرين” first." in response.content.decode()
    world.quiz.released_after = None
    world.quiz.released_from = timezone.now() + datetime.timedelta(days=3)
    world.quiz.save()
    assert (
        "This activity opens on"
        in world.client.get(reverse("courses:activity", args=[world.quiz.pk])).content.decode()
    )


def test_a_file_shows_its_size_first_and_its_download_completes_the_activity(world):
    page = world.client.get(reverse("courses:activity", args=[world.download.pk])).content.decode()
    assert "Download (14\xa0bytes)" in page
    assert world.result(world.download) is None
    response = world.client.get(
        reverse("courses:activity_file", args=[world.download.pk, world.download.document_id])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 guide"
    assert "attachment" in response["Content-Disposition"]
    assert world.result(world.download).completed


def test_a_video_plays_in_parts_and_a_part_past_the_end_completes_nothing(world):
    video = document("clip.mp4", bytes(range(256)) * 4, title="Clip")
    activity = ActivityFactory(module=world.page.module, kind=Kind.FILE, position=9, document=video)
    url = reverse("courses:activity_file", args=[activity.pk, video.pk])

    refused = world.client.get(url, HTTP_RANGE="bytes=1024-")
    assert refused.status_code == 416 and refused["Content-Range"] == "bytes */1024"
    assert world.result(activity) is None

    # As a phone's player asks: the first bytes, then the rest; shown in the page, not saved.
    part = world.client.get(url, HTTP_RANGE="bytes=0-1")
    assert part.status_code == 206 and part["Content-Range"] == "bytes 0-1/1024"
    assert b"".join(part.streaming_content) == bytes([0, 1])
    assert part["Content-Disposition"].startswith("inline")
    assert world.result(activity).completed


@given(header=st.text(max_size=40) | st.from_regex(r"bytes=[0-9]{0,5}-[0-9]{0,5}", fullmatch=True))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_range_header_on_a_file_answers_200_206_or_416_never_500(world, header):
    url = reverse("courses:activity_file", args=[world.download.pk, world.download.document_id])
    results = ActivityResult.objects.filter(enrolment=world.enrolment)
    before = list(results.values())
    response = world.client.get(url, HTTP_RANGE=header)
    assert response.status_code in (200, 206, 416)
    if response.status_code == 416:
        assert list(results.values()) == before


def test_a_file_not_offered_by_the_activity_is_not_served(world):
    other = document("secret.pdf", b"secret")
    for activity in (world.page, world.download, world.session):
        url = reverse("courses:activity_file", args=[activity.pk, other.pk])
        assert world.client.get(url).status_code == 404


def test_a_session_shows_when_and_where_with_a_calendar_file_and_the_attendance(world):
    AttendanceRecord.objects.create(
        session=world.meeting, enrolment=world.enrolment, status=AttendanceRecord.Status.PRESENT
    )
    page = world.client.get(reverse("courses:activity", args=[world.session.pk])).content.decode()
    assert "ورشة التخطيط" in page and "القاعة 3" in page and "openstreetmap.org" in page
    assert "Present" in page
    ics = world.client.get(reverse("courses:session_calendar", args=[world.session.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert "BEGIN:VEVENT" in text and "LOCATION:القاعة 3" in text
    assert world.meeting.starts_at.astimezone(datetime.UTC).strftime("DTSTART:%Y%m%dT%H%M%SZ") in text


def test_previous_and_next_follow_the_course_order(world):
    page = world.client.get(reverse("courses:activity", args=[world.download.pk])).content.decode()
    assert f'rel="prev" href="{reverse("courses:activity", args=[world.page.pk])}"' in page
    assert f'rel="next" href="{reverse("courses:activity", args=[world.session.pk])}"' in page


def test_my_learning_and_the_course_page_lead_to_the_course_home(world):
    assert world.home_url() in world.client.get(reverse("courses:my_learning")).content.decode()
    assert world.home_url() in world.client.get(world.cohort.course.url).content.decode()
    assert world.home_url() not in signed_in(UserFactory()).get(world.cohort.course.url).content.decode()


def test_a_kind_registered_by_a_higher_app_opens_where_it_said(world):
    content = ActivityFactory(module=world.page.module, kind=Kind.CONTENT, position=9)
    response = world.client.get(reverse("courses:activity", args=[content.pk]))
    assert response.url == reverse("content:play_activity", args=[content.pk])
    assert (
        reverse("content:play_activity", args=[content.pk])
        in world.client.get(world.home_url()).content.decode()
    )


def grow(world: World, *, modules: int, courses: int) -> None:
    """More modules of four activities in the course, and more courses in the catalogue, each
    with a cohort the trainee learns in (started, with a session) and a result."""
    for m in range(modules):
        module = CourseModuleFactory(course=world.cohort.course, position=10 + m)
        for kind in (Kind.PAGE, Kind.FILE, Kind.QUIZ, Kind.SESSION):
            ActivityFactory(module=module, kind=kind, released_after=world.page)
    for _ in range(courses):
        other = CohortFactory(hub=TrainingHubFactory(), starts_on=timezone.localdate())
        module = CourseModuleFactory(course=other.course)
        first = ActivityFactory(module=module, kind=Kind.PAGE)
        ActivityFactory(module=module, kind=Kind.SESSION, released_after=first)
        SessionFactory(cohort=other, starts_at=timezone.now() + datetime.timedelta(days=1))
        enrolment_request(user=world.trainee, cohort=other)
        ActivityResult.objects.create(
            enrolment=Enrolment.objects.get(user=world.trainee, cohort=other), activity=first, completed=True
        )


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "my_learning",
        "course_page",
        "catalogue",
        "activity",
    ],
)
def test_pages_run_the_same_number_of_queries_for_a_long_course(world, page):
    def url() -> str:
        return {
            "home": world.home_url(),
            "my_learning": reverse("courses:my_learning"),
            "course_page": world.cohort.course.url,
            "catalogue": world.cohort.course.get_parent().url,
            "activity": reverse("courses:activity", args=[world.download.pk]),
        }[page]

    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> tuple[int, int]:
        """Queries with the shared cache empty (outlines, the catalogue's address read anew), then
        with it filled, as on every later request."""
        counts = []
        caches["default"].clear()
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert world.client.get(url()).status_code == 200
            counts.append(len(captured.captured_queries))
        return counts[0], counts[1]

    # One course under way already: My learning reads next steps only when the trainee has a
    # current course (three queries, whatever their number), so the baseline must have one.
    grow(world, modules=0, courses=1)
    world.client.get(url())  # warm the per-process caches (site, locales)
    short = queries()
    grow(world, modules=5, courses=3)
    assert queries() == short


class HostileInput(TestCase):
    @given(st.integers(min_value=0, max_value=2**31 - 1), st.integers(min_value=0, max_value=2**31 - 1))
    @settings(max_examples=25, deadline=None)
    def test_any_ids_answer_404_never_500(self, activity_id, document_id):
        client = signed_in(UserFactory())
        for url in (
            reverse("courses:course_home", args=[activity_id]),
            reverse("courses:activity", args=[activity_id]),
            reverse("courses:activity_file", args=[activity_id, document_id]),
            reverse("courses:session_calendar", args=[activity_id]),
        ):
            assert client.get(url).status_code == 404
        assert client.post(reverse("courses:activity_done", args=[activity_id])).status_code == 404


def test_courses_own_kinds_cannot_be_taken_over_by_another_app():
    from courses import api

    with pytest.raises(ValueError):
        api.activity_opener_register(kind="page", url_for=lambda activity_id: "/elsewhere/")
