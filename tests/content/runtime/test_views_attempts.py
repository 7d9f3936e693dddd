"""The instructor side of attempts in the Wagtail admin: the attempts of a package, one attempt's
runtime data, interactions, commits and statements, and resetting an attempt — for the people who
reach the package only."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from content.lrs.services import statement_record
from content.packages.services import package_import, package_update
from content.runtime.models import Attempt
from content.runtime.services import attempt_open, attempt_reset, runtime_commit
from courses.enrolment.services import enrolment_request
from lms.api import Role
from tests.content.packages.builders import scorm12, tincan, upload
from tests.content.runtime.conftest import enrolled_with_package
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db

INTERACTIONS_12 = {
    "cmi.interactions.0.id": "q-capital",
    "cmi.interactions.0.type": "choice",
    "cmi.interactions.0.student_response": "b",
    "cmi.interactions.0.result": "correct",
    "cmi.interactions.0.correct_responses.0.pattern": "b",
    "cmi.interactions.0.latency": "0000:00:12.00",
    "cmi.interactions.0.time": "10:15:00",
    "cmi.interactions.0.weighting": "1",
    "cmi.interactions.1.id": "q-governance",
    "cmi.interactions.1.type": "fill-in",
    "cmi.interactions.1.student_response": "الحوكمة الرقمية",
    "cmi.interactions.1.result": "wrong",
    "cmi.interactions.1.correct_responses.0.pattern": "الحوكمة الإلكترونية",
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_arabic(text: str) -> str:
    """The text as the admin shows it (in the site's language, Arabic)."""
    with translation.override("ar"):
        return translation.gettext(text)


def teach(instructor, activity) -> None:
    course = activity.module.course
    course.instructors.add(instructor)
    course.save()


@pytest.fixture
def setup():
    """A trainee's attempt at a SCORM 1.2 package of a course taught by ``instructor``."""
    trainee, activity, version = enrolled_with_package(scorm12(title="مقدمة في الحوكمة الإلكترونية"))
    trainee.full_name_ar, trainee.full_name_latin = "سارة علي", "Sara Ali"
    trainee.save()
    instructor = UserFactory(role=Role.INSTRUCTOR)
    teach(instructor, activity)
    attempt = attempt_open(user=trainee, activity=activity)
    runtime_commit(
        attempt=attempt,
        sequence=1,
        session=1,
        item_identifier="i1",
        cmi={
            "cmi.core.lesson_status": "passed",
            "cmi.core.score.raw": "45",
            "cmi.core.score.max": "50",
            "cmi.core.session_time": "00:05:00",
            "cmi.core.lesson_location": "page-3",
            **INTERACTIONS_12,
        },
    )
    attempt.refresh_from_db()
    return {
        "trainee": trainee,
        "activity": activity,
        "package": version.package,
        "instructor": instructor,
        "attempt": attempt,
    }


def index_url(package) -> str:
    return reverse("content_attempts:index", args=[package.pk])


def detail_url(attempt) -> str:
    return reverse("content_attempts:detail", args=[attempt.pk])


def reset_url(attempt) -> str:
    return reverse("content_attempts:reset", args=[attempt.pk])


# --- The attempts of a package -------------------------------------------------------------------


def test_the_instructor_sees_every_attempt_of_their_package_with_its_results(setup):
    response = signed_in(setup["instructor"]).get(index_url(setup["package"]))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [setup["attempt"]]
    text = response.text
    assert "سارة علي" in text and "Sara Ali" in text
    assert setup["trainee"].email in text
    assert "90%" in text  # 45 of 50
    assert "0:05" in text  # time spent, h:mm
    assert detail_url(setup["attempt"]) in text


def test_attempts_are_listed_newest_first_and_a_reset_one_is_marked(setup):
    first = setup["attempt"]
    attempt_reset(attempt=first)
    newer = attempt_open(user=setup["trainee"], activity=setup["activity"])
    newer.started_at = first.started_at + datetime.timedelta(hours=1)
    newer.save()
    response = signed_in(setup["instructor"]).get(index_url(setup["package"]))
    assert list(response.context["object_list"]) == [newer, first]
    rows = response.text.split("<tbody>")[1].split("</tr>")
    assert "w-status--label" not in rows[0]
    assert "w-status--label" in rows[1] and in_arabic("reset") in rows[1]


def test_attempts_are_found_by_the_trainees_name_or_identifier(setup):
    other = UserFactory(full_name_ar="خالد حسن", full_name_latin="Khalid Hasan", employee_number="EMP-77")
    Attempt.objects.create(user=other, activity=setup["activity"], version=setup["attempt"].version)
    client = signed_in(setup["instructor"])
    url = index_url(setup["package"])
    for query, expected in [
        ("سارة", "سارة علي"),
        ("sara", "سارة علي"),
        ("EMP-77", "خالد حسن"),
        (setup["trainee"].email.split("@")[0], "سارة علي"),
    ]:
        found = client.get(url, {"q": query}).context["object_list"]
        assert [str(a.user.full_name_ar) for a in found] == [expected], query
    results = client.get(
        reverse("content_attempts:index_results", args=[setup["package"].pk]), {"q": "Khalid"}
    )
    assert results.status_code == 200
    assert "خالد حسن" in results.text and "سارة علي" not in results.text


def test_the_attempts_are_paginated(setup):
    version = setup["attempt"].version
    for _ in range(25):
        Attempt.objects.create(user=UserFactory(), activity=setup["activity"], version=version)
    client = signed_in(setup["instructor"])
    assert len(client.get(index_url(setup["package"])).context["object_list"]) == 25
    second = client.get(index_url(setup["package"]), {"p": 2})
    assert list(second.context["object_list"]) == [setup["attempt"]]  # the oldest, on the last page


def test_the_package_list_and_page_link_to_the_attempts(setup):
    client = signed_in(setup["instructor"])
    url = index_url(setup["package"])
    assert url in client.get(reverse("content_packages:index")).text
    assert url in client.get(reverse("content_packages:edit", args=[setup["package"].pk])).text


# --- One attempt ---------------------------------------------------------------------------------


def test_the_attempt_shows_its_runtime_data_and_interactions(setup):
    response = signed_in(setup["instructor"]).get(detail_url(setup["attempt"]))
    assert response.status_code == 200
    text = response.text
    assert "cmi.core.lesson_location" in text and "page-3" in text
    [item] = response.context["items"]
    assert item["report"].status == "passed" and item["score"] == "90%"
    rows = [entry["row"] for entry in item["interactions"]]
    assert [(r.id, r.type, r.response, r.result, r.correct_responses) for r in rows] == [
        ("q-capital", "choice", "b", "correct", ("b",)),
        ("q-governance", "fill-in", "الحوكمة الرقمية", "wrong", ("الحوكمة الإلكترونية",)),
    ]
    assert rows[0].latency_seconds == 12 and rows[0].time == "10:15:00"
    interactions = text.split('class="listing attempts-interactions"')[1]
    assert "q-governance" in interactions and "الحوكمة الرقمية" in interactions
    # The interactions are not repeated as raw runtime elements.
    assert "cmi.interactions.0.id" not in text


def test_the_commit_history_shows_superseded_and_final_commits(setup):
    attempt = setup["attempt"]
    runtime_commit(
        attempt=attempt,
        sequence=3,
        session=2,
        item_identifier="i1",
        cmi={"cmi.core.lesson_status": "passed"},
        is_terminate=True,
    )
    runtime_commit(attempt=attempt, sequence=2, session=2, item_identifier="i1", cmi={})
    response = signed_in(setup["instructor"]).get(detail_url(attempt))
    commits = [entry["commit"] for entry in response.context["commits"]]
    assert [(c.sequence, c.applied, c.is_terminate) for c in commits] == [
        (3, True, True),
        (2, False, False),
        (1, True, False),
    ]
    assert response.context["commits"][0]["item"] == "الدرس الأول"
    assert response.context["commit_count"] == 3
    assert not response.context["shows_statements"]  # SCORM: its statements repeat the commits


def test_an_xapi_attempt_shows_the_statements_of_its_registration(setup):
    instructor = setup["instructor"]
    version = package_import(upload=upload(tincan()), activity=setup["activity"], by=instructor)
    attempt = Attempt.objects.create(user=setup["trainee"], activity=setup["activity"], version=version)
    actor = {"objectType": "Agent", "account": {"homePage": "https://tadrib.example", "name": "7"}}
    base = timezone.now()
    for minutes, verb, result in [
        (1, "attempted", {}),
        (5, "passed", {"score": {"scaled": 0.85}, "completion": True, "success": True}),
    ]:
        statement_record(
            statement={
                "id": str(uuid.uuid4()),
                "actor": actor,
                "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
                "object": {
                    "id": "https://tadrib.example/tincan/course",
                    "definition": {"name": {"ar": "مقدمة", "en-US": "Introduction"}},
                },
                "result": result,
                "context": {"registration": str(attempt.registration)},
                "timestamp": (base + datetime.timedelta(minutes=minutes)).isoformat(),
            }
        )
    # Someone else's statement (another registration) is not shown.
    statement_record(
        statement={
            "actor": actor,
            "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"},
            "object": {"id": "https://tadrib.example/tincan/course"},
            "context": {"registration": str(uuid.uuid4())},
        }
    )
    response = signed_in(instructor).get(detail_url(attempt))
    assert response.status_code == 200
    assert response.context["shows_statements"]
    rows = [entry["row"] for entry in response.context["statements"]]
    assert [row.verb for row in rows] == ["passed", "attempted"]
    assert (rows[0].score, rows[0].completion, rows[0].success) == (85.0, True, True)
    assert rows[0].object_name == "مقدمة"
    assert response.context["statements"][0]["score"] == "85%"
    assert "http://adlnet.gov/expapi/verbs/failed" not in response.text


# --- Reset ---------------------------------------------------------------------------------------


def test_reset_asks_first_then_sets_the_attempt_aside_and_logs_it(setup):
    attempt, instructor = setup["attempt"], setup["instructor"]
    client = signed_in(instructor)
    detail = client.get(detail_url(attempt))
    assert reset_url(attempt) in detail.text
    confirm = client.get(reset_url(attempt))
    assert confirm.status_code == 200
    assert f'action="{reset_url(attempt)}"' in confirm.text
    assert (
        in_arabic("The trainee's next launch starts afresh; results already recorded are kept.")
        in confirm.text
    )
    attempt.refresh_from_db()
    assert not attempt.is_reset  # asking changes nothing

    response = client.post(reset_url(attempt))
    assert response.status_code == 302 and response.url == index_url(setup["package"])
    attempt.refresh_from_db()
    assert attempt.is_reset
    [message] = get_messages(response.wsgi_request)
    assert "سارة علي" in message.message
    entry = ModelLogEntry.objects.get(action="content.attempt_reset")
    assert (entry.object_id, entry.user, entry.data["attempt"]) == (
        str(setup["package"].pk),
        instructor,
        attempt.pk,
    )
    history = client.get(reverse("content_packages:history", args=[setup["package"].pk]))
    assert "سارة علي" in history.text
    # The trainee's next launch opens a fresh attempt; the results recorded stay in courses.
    fresh = attempt_open(user=setup["trainee"], activity=setup["activity"])
    assert fresh.pk != attempt.pk and fresh.state == {}


def test_an_attempt_already_reset_cannot_be_reset_again(setup):
    attempt = setup["attempt"]
    attempt_reset(attempt=attempt)
    attempt.refresh_from_db()
    before = attempt.updated_at
    client = signed_in(setup["instructor"])
    assert reset_url(attempt) not in client.get(detail_url(attempt)).text
    confirm = client.get(reset_url(attempt))
    assert 'id="attempt-reset-refused"' in confirm.text
    assert f'action="{reset_url(attempt)}"' not in confirm.text
    response = client.post(reset_url(attempt))
    assert response.status_code == 302 and response.url == detail_url(attempt)
    [message] = get_messages(response.wsgi_request)
    assert message.message.strip() == in_arabic("This attempt has already been reset; nothing was changed.")
    attempt.refresh_from_db()
    assert attempt.updated_at == before
    assert not ModelLogEntry.objects.filter(action="content.attempt_reset").exists()


def test_reset_is_only_by_post(setup):
    response = signed_in(setup["instructor"]).put(reset_url(setup["attempt"]))
    assert response.status_code == 405
    setup["attempt"].refresh_from_db()
    assert not setup["attempt"].is_reset


# --- Who may see and reset -----------------------------------------------------------------------


def assert_nothing_shown_or_reset(client, setup, *, statuses=(404,)) -> None:
    attempt = setup["attempt"]
    for url in (index_url(setup["package"]), detail_url(attempt), reset_url(attempt)):
        response = client.get(url)
        assert response.status_code in statuses, url
        assert "سارة علي" not in response.text, url
    response = client.post(reset_url(attempt))
    assert response.status_code in statuses
    attempt.refresh_from_db()
    assert not attempt.is_reset


def test_an_instructor_of_another_course_sees_and_resets_nothing(setup):
    other = UserFactory(role=Role.INSTRUCTOR)
    course = course_page(title="دورة أخرى")
    course.instructors.add(other)
    course.save()
    ActivityFactory(module=CourseModuleFactory(course=course), kind="content")
    assert_nothing_shown_or_reset(signed_in(other), setup)


def test_a_trainee_sees_and_resets_nothing(setup):
    # Not let into the admin at all: sent to the sign-in page.
    assert_nothing_shown_or_reset(signed_in(setup["trainee"]), setup, statuses=(302, 403, 404))


def test_an_instructor_without_the_change_permission_sees_but_cannot_reset(setup):
    instructor = UserFactory()
    instructor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    teach(instructor, setup["activity"])
    client = signed_in(instructor)
    attempt = setup["attempt"]
    detail = client.get(detail_url(attempt))
    assert detail.status_code == 200 and reset_url(attempt) not in detail.text
    for response in (client.get(reset_url(attempt)), client.post(reset_url(attempt))):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    attempt.refresh_from_db()
    assert not attempt.is_reset


def test_a_package_moved_to_another_course_keeps_the_first_courses_attempts_from_its_instructors(setup):
    newcomer = UserFactory(role=Role.INSTRUCTOR)
    cohort = CohortFactory(starts_on=timezone.localdate())
    activity = ActivityFactory(module=CourseModuleFactory(course=cohort.course), kind="content")
    teach(newcomer, activity)
    package_update(package=setup["package"], title=setup["package"].title, activity=activity)
    new_trainee = UserFactory(full_name_ar="ليلى كريم")
    enrolment_request(user=new_trainee, cohort=cohort)
    theirs = attempt_open(user=new_trainee, activity=activity)
    client = signed_in(newcomer)
    listing = client.get(index_url(setup["package"]))
    assert list(listing.context["object_list"]) == [theirs]
    assert client.get(detail_url(setup["attempt"])).status_code == 404
    # A manager sees every attempt.
    manager = UserFactory(role=Role.PROGRAMME_MANAGER)
    everything = signed_in(manager).get(index_url(setup["package"]))
    assert set(everything.context["object_list"]) == {theirs, setup["attempt"]}


def test_an_instructor_waives_a_cmi5_unit_and_previews_stay_out_of_the_list():
    from content.lrs.models import Statement
    from content.runtime.cmi5 import WAIVED
    from content.runtime.services import preview_open
    from courses.models import ActivityResult
    from tests.content.packages.builders import cmi5, cmi5_au

    trainee, activity, version = enrolled_with_package(cmi5(cmi5_au(moveOn="Passed")))
    instructor = UserFactory(role=Role.INSTRUCTOR)
    teach(instructor, activity)
    attempt = attempt_open(user=trainee, activity=activity)
    preview_open(user=instructor, package=version.package)
    client = signed_in(instructor)

    listing = client.get(reverse("content_attempts:index", args=[version.package_id]))
    assert list(listing.context["object_list"]) == [attempt]
    detail = client.get(reverse("content_attempts:detail", args=[attempt.pk])).content.decode()
    unit = version.items.get(is_launchable=True)
    waive = reverse("content_attempts:waive", args=[attempt.pk, unit.position])
    assert waive in detail

    assert client.get(waive).status_code == 405
    assert client.post(waive).status_code == 302
    assert Statement.objects.filter(registration=attempt.registration, data__verb__id=WAIVED).count() == 1
    assert ActivityResult.objects.get(activity=activity).completed
    client.post(waive)  # already satisfied: nothing more
    assert Statement.objects.filter(registration=attempt.registration, data__verb__id=WAIVED).count() == 1
    assert waive not in client.get(reverse("content_attempts:detail", args=[attempt.pk])).content.decode()
    # An instructor of another course cannot.
    assert signed_in(UserFactory(role=Role.INSTRUCTOR)).post(waive).status_code == 404
