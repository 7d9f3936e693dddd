"""Runtime commits: stored once per sequence, never overwritten by older ones, results reach courses."""

import pytest

from content.lrs.models import Statement
from content.runtime.models import RuntimeCommit
from content.runtime.queries import launch_payload
from content.runtime.services import CommitRefused, attempt_open, attempt_reset, runtime_commit
from courses.models import ActivityResult

pytestmark = pytest.mark.django_db


def cmi12(**values) -> dict:
    base = {"cmi.core.lesson_status": "incomplete", "cmi.core.session_time": "00:01:00"}
    base.update(
        {f"cmi.core.{k}" if k != "suspend_data" else "cmi.suspend_data": v for k, v in values.items()}
    )
    return base


def test_the_same_sequence_sent_twice_is_stored_once(scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    first = runtime_commit(attempt=attempt, sequence=1, item_identifier="i1", cmi=cmi12(lesson_location="p2"))
    again = runtime_commit(attempt=attempt, sequence=1, item_identifier="i1", cmi=cmi12(lesson_location="p9"))
    assert again.pk == first.pk
    assert RuntimeCommit.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert attempt.state["i1"]["cmi"]["cmi.core.lesson_location"] == "p2"
    assert Statement.objects.count() == 1


def test_an_older_commit_arriving_late_never_overwrites_newer_data(scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    runtime_commit(attempt=attempt, sequence=2, item_identifier="i1", cmi=cmi12(lesson_location="page-5"))
    late = runtime_commit(
        attempt=attempt, sequence=1, item_identifier="i1", cmi=cmi12(lesson_location="page-2")
    )
    attempt.refresh_from_db()
    assert late.applied is False
    assert attempt.state["i1"]["cmi"]["cmi.core.lesson_location"] == "page-5"
    assert attempt.last_sequence == 2


def test_a_suspended_sco_resumes_at_its_location_with_its_suspend_data(scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    runtime_commit(
        attempt=attempt,
        sequence=1,
        item_identifier="i1",
        cmi=cmi12(lesson_location="page-3", exit="suspend", suspend_data="abc"),
        is_terminate=True,
    )
    again = attempt_open(user=trainee, activity=activity)
    assert again.pk == attempt.pk and again.sessions == 2
    start = launch_payload(again)["items"][0]["start"]
    assert start["cmi.core.entry"] == "resume"
    assert start["cmi.core.lesson_location"] == "page-3"
    assert start["cmi.suspend_data"] == "abc"
    assert start["cmi.core.total_time"] == "0000:01:00"
    assert start["cmi.student_data.mastery_score"] == "80.0"


def test_session_times_add_up_across_sessions_not_across_commits(scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    runtime_commit(
        attempt=attempt, sequence=1, session=1, item_identifier="i1", cmi=cmi12(session_time="00:01:00")
    )
    runtime_commit(
        attempt=attempt, sequence=2, session=1, item_identifier="i1", cmi=cmi12(session_time="00:02:00")
    )
    runtime_commit(
        attempt=attempt, sequence=3, session=2, item_identifier="i1", cmi=cmi12(session_time="00:00:30")
    )
    attempt.refresh_from_db()
    assert attempt.total_seconds == 150


def test_score_completion_and_success_reach_the_trainees_course_results(scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    runtime_commit(
        attempt=attempt,
        sequence=1,
        item_identifier="i1",
        cmi=cmi12(lesson_status="passed", **{"score.raw": "45", "score.max": "50"}),
    )
    result = ActivityResult.objects.get(activity=activity, enrolment__user=trainee)
    assert (result.completed, result.passed, float(result.score)) == (True, True, 90.0)
    statement = Statement.objects.get()
    assert statement.verb_id == "http://adlnet.gov/expapi/verbs/passed"
    assert statement.data["result"]["score"]["scaled"] == 0.9


def test_a_commit_for_an_unknown_item_or_a_bad_sequence_is_refused(scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    with pytest.raises(CommitRefused):
        runtime_commit(attempt=attempt, sequence=1, item_identifier="nope", cmi={})
    with pytest.raises(CommitRefused):
        runtime_commit(attempt=attempt, sequence=0, item_identifier="i1", cmi={})
    assert not RuntimeCommit.objects.exists()


def test_a_reset_attempt_is_followed_by_a_fresh_one(scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    runtime_commit(
        attempt=attempt, sequence=1, item_identifier="i1", cmi=cmi12(lesson_location="x", exit="suspend")
    )
    attempt_reset(attempt=attempt)
    fresh = attempt_open(user=trainee, activity=activity)
    assert fresh.pk != attempt.pk
    assert launch_payload(fresh)["items"][0]["start"]["cmi.core.entry"] == "ab-initio"


def test_the_database_holds_one_current_attempt_per_trainee_and_activity(scorm12_setup):
    from django.db import IntegrityError, transaction

    from content.runtime.models import Attempt

    trainee, activity, version = scorm12_setup
    attempt_open(user=trainee, activity=activity)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(user=trainee, activity=activity, version=version)
    # A reset attempt is set aside: the next open starts a new one beside it.
    attempt_reset(attempt=Attempt.objects.get(user=trainee))
    assert attempt_open(user=trainee, activity=activity).sessions == 1
    assert Attempt.objects.filter(user=trainee).count() == 2
