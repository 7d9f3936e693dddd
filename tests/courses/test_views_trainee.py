"""The trainee's side: catalogue and course pages, enrol, waiting list, withdraw, My learning."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.enrolment.services import enrolment_request
from courses.models import Cohort, Enrolment
from tests.courses.factories import (
    ActivityFactory,
    CohortFactory,
    CourseModuleFactory,
    SessionFactory,
    course_page,
    programme_page,
)
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db
State = Enrolment.State


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def english_trainee(**fields):
    # Messages are asserted in English, whatever the catalogues say in Arabic.
    return UserFactory(preferred_language="en", **fields)


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def enrol(client: Client, cohort: Cohort, **data):
    return client.post(reverse("courses:enrol", args=[cohort.pk]), data)


def test_enrolling_in_an_open_cohort_gives_a_place_and_returns_to_the_course():
    trainee = english_trainee()
    cohort = CohortFactory(course=course_page(title="أطر الحوكمة الإلكترونية"))
    response = enrol(signed_in(trainee), cohort)
    assert response.status_code == 302
    assert response.url == cohort.course.url
    assert Enrolment.objects.get(user=trainee, cohort=cohort).state == State.APPROVED
    assert messages_of(response) == [("success", "You have a place in أطر الحوكمة الإلكترونية.")]


def test_a_full_cohort_puts_the_trainee_on_the_waiting_list_and_says_which_number():
    cohort = CohortFactory(capacity=1)
    enrolment_request(user=UserFactory(), cohort=cohort)
    enrolment_request(user=UserFactory(), cohort=cohort)  # already waiting: number 1
    trainee = english_trainee()
    response = enrol(signed_in(trainee), cohort)
    assert Enrolment.objects.get(user=trainee, cohort=cohort).state == State.WAITLISTED
    assert messages_of(response) == [
        ("warning", "This cohort is full: you are number 2 on the waiting list.")
    ]


def test_an_approval_cohort_records_a_request():
    trainee = english_trainee()
    cohort = CohortFactory(enrolment_mode=Cohort.EnrolmentMode.APPROVAL)
    response = enrol(signed_in(trainee), cohort)
    assert Enrolment.objects.get(user=trainee, cohort=cohort).state == State.REQUESTED
    ((level, text),) = messages_of(response)
    assert level == "success" and "request" in text


@pytest.mark.parametrize(
    ("cohort_fields", "expected"),
    [
        ({"enrolment_mode": Cohort.EnrolmentMode.INVITATION}, "by invitation only"),
        ({"enrolment_closes_at": timezone.now() - datetime.timedelta(days=1)}, "not open"),
    ],
)
def test_a_refused_enrolment_is_explained_and_changes_nothing(cohort_fields, expected):
    trainee = english_trainee()
    cohort = CohortFactory(**cohort_fields)
    response = enrol(signed_in(trainee), cohort)
    assert response.status_code == 302
    assert not Enrolment.objects.filter(user=trainee).exists()
    ((level, text),) = messages_of(response)
    assert level == "error" and expected in text


def test_enrolling_twice_is_refused_politely():
    trainee = english_trainee()
    cohort = CohortFactory()
    client = signed_in(trainee)
    enrol(client, cohort)
    response = enrol(client, cohort)
    assert messages_of(response)[-1] == ("error", "You are already enrolled in this cohort.")
    assert Enrolment.objects.filter(user=trainee).count() == 1


def test_enrol_goes_back_to_a_local_page_only():
    client = signed_in(UserFactory())
    cohort = CohortFactory()
    assert enrol(client, cohort, next="/courses/learning/").url == "/courses/learning/"
    other = CohortFactory(course=cohort.course)
    assert enrol(client, other, next="https://example.com/phish").url == cohort.course.url


def test_enrol_needs_a_post_and_an_existing_cohort(trainee_client):
    cohort = CohortFactory()
    assert trainee_client.get(reverse("courses:enrol", args=[cohort.pk])).status_code == 405
    assert trainee_client.post(reverse("courses:enrol", args=[999_999])).status_code == 404
    cohort.course.unpublish()
    assert enrol(trainee_client, cohort).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in():
    cohort = CohortFactory()
    response = enrol(Client(), cohort)
    assert response.status_code == 302
    assert response.url.startswith(reverse("people:login"))
    assert response.url.endswith(f"?next={cohort.course.url}")
    assert not Enrolment.objects.exists()
    for url in (reverse("courses:my_learning"), reverse("courses:withdraw", args=[1])):
        response = Client().get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("people:login"))


def test_withdrawing_asks_first_then_frees_the_seat_for_the_waiting_list():
    cohort = CohortFactory(capacity=1)
    trainee = english_trainee()
    mine = enrolment_request(user=trainee, cohort=cohort)
    waiting = enrolment_request(user=UserFactory(), cohort=cohort)
    client = signed_in(trainee)
    url = reverse("courses:withdraw", args=[mine.pk])

    confirm = client.get(url, {"next": cohort.course.url})
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.text and cohort.course.title in confirm.text
    mine.refresh_from_db()
    assert mine.state == State.APPROVED  # looking at the question changes nothing

    response = client.post(url, {"next": cohort.course.url, "reason": "سفر رسمي"})
    assert response.url == cohort.course.url
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.state, waiting.state) == (State.WITHDRAWN, State.APPROVED)
    assert mine.transitions.last().reason == "سفر رسمي"
    assert messages_of(response)[0][0] == "success"


def test_a_trainee_cannot_withdraw_someone_else():
    cohort = CohortFactory()
    theirs = enrolment_request(user=UserFactory(), cohort=cohort)
    client = signed_in(UserFactory())
    url = reverse("courses:withdraw", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == State.APPROVED


def test_withdrawing_twice_is_explained():
    trainee = english_trainee()
    mine = enrolment_request(user=trainee, cohort=CohortFactory())
    client = signed_in(trainee)
    url = reverse("courses:withdraw", args=[mine.pk])
    client.post(url)
    response = client.post(url)
    level, text = messages_of(response)[-1]
    assert level == "error" and "cannot go from" in text


def test_the_course_page_shows_cohorts_seats_and_the_trainees_state():
    hub = TrainingHubFactory(name_ar="مركز تدريب النجف", name_en="Najaf Training Hub")
    course = course_page(title="تنفيذ مشاريع الحكومة الإلكترونية", accreditation="وزارة التخطيط")
    at_hub = CohortFactory(course=course, hub=hub, capacity=1, title="دفعة النجف")
    online = CohortFactory(course=course, hub=None, capacity=5, title="دفعة عن بعد")
    CohortFactory(
        course=course,
        title="دفعة منتهية",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 1, 5),
    )
    enrolment_request(user=UserFactory(), cohort=at_hub)
    trainee = english_trainee()
    waiting = enrolment_request(user=trainee, cohort=at_hub)

    page = signed_in(trainee).get(course.url)
    assert page.status_code == 200
    html = page.text
    assert "دفعة النجف" in html and "دفعة عن بعد" in html and "دفعة منتهية" not in html
    assert "Najaf Training Hub" in html and "وزارة التخطيط" in html
    assert "On the waiting list: number 1" in html
    assert reverse("courses:withdraw", args=[waiting.pk]) in html
    assert reverse("courses:enrol", args=[online.pk]) in html  # the other cohort is still open to them
    assert reverse("courses:enrol", args=[at_hub.pk]) not in html

    anonymous = Client().get(course.url).text
    assert "Sign in to enrol" in anonymous or reverse("people:login") in anonymous
    assert reverse("courses:enrol", args=[online.pk]) not in anonymous


def test_the_catalogue_page_searches_without_javascript():
    course_page(title="إدارة التغيير")
    course_page(title="أمن المعلومات للموظفين")
    from tests.courses.factories import catalogue

    response = Client().get(catalogue().url, {"q": "ادارة"})
    assert response.status_code == 200
    assert 'method="get"' in response.text
    assert "إدارة التغيير" in response.text and "أمن المعلومات للموظفين" not in response.text


def test_the_programme_page_shows_the_path_and_progress():
    first = course_page(title="أطر الحوكمة الإلكترونية")
    second = course_page(title="استراتيجية الحكومة الإلكترونية")
    programme = programme_page([second, first])
    trainee = english_trainee()
    cohort = CohortFactory(course=second, starts_on=timezone.localdate())
    activity = ActivityFactory(module=CourseModuleFactory(course=second))
    ActivityFactory(module=activity.module)
    enrolment_request(user=trainee, cohort=cohort)
    from courses.api import activity_result_record

    activity_result_record(user_id=trainee.pk, activity_id=activity.pk, completed=True)

    html = signed_in(trainee).get(programme.url).text
    assert html.index("استراتيجية الحكومة الإلكترونية") < html.index("أطر الحوكمة الإلكترونية")
    assert "In progress: 50%" in html
    assert "Courses completed: 0 of 2" in html


def test_my_learning_shows_only_my_own_enrolments_in_sections():
    me = english_trainee()
    today = timezone.localdate()
    current = CohortFactory(course=course_page(title="دورة جارية"), starts_on=today)
    upcoming = CohortFactory(course=course_page(title="دورة قادمة"))
    full = CohortFactory(course=course_page(title="دورة ممتلئة"), capacity=1)
    enrolment_request(user=UserFactory(), cohort=full)
    for cohort in (current, upcoming, full):
        enrolment_request(user=me, cohort=cohort)
    someone_else = UserFactory()
    enrolment_request(user=someone_else, cohort=CohortFactory(course=course_page(title="دورة شخص آخر")))
    module = CourseModuleFactory(course=current.course)
    ActivityFactory(module=module, title="اختبار قبلي")
    SessionFactory(
        cohort=current,
        title="الجلسة الافتتاحية",
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        ends_at=timezone.now() + datetime.timedelta(hours=22),
    )

    response = signed_in(me).get(reverse("courses:my_learning"))
    assert response.status_code == 200
    html = response.text
    assert "دورة شخص آخر" not in html
    for title in ("دورة جارية", "دورة قادمة", "دورة ممتلئة", "اختبار قبلي", "الجلسة الافتتاحية"):
        assert title in html
    sections = [html.index(f'id="{name}-heading"') for name in ("current", "upcoming", "waiting")]
    assert sections[0] < html.rindex("دورة جارية") < sections[1] < html.index("دورة قادمة") < sections[2]
    assert sections[2] < html.index("دورة ممتلئة")
    assert "On the waiting list: number 1" in html
    assert "Certificates" not in html  # hidden while there are none
    assert [item.course.title for item in response.context["current"]] == ["دورة جارية"]
    assert response.context["next_step"].session.title == "الجلسة الافتتاحية"


def test_my_learning_when_empty_points_to_the_catalogue():
    from tests.courses.factories import catalogue

    catalogue()
    html = signed_in(english_trainee()).get(reverse("courses:my_learning")).text
    assert "You are not enrolled in any course yet." in html
    assert 'href="/catalogue/"' in html
