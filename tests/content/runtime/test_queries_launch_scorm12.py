"""What the player is given for a SCORM 1.2 package: item rules, and completion on finish (issue 14,
points 1 and 2), for packages built here."""

import pytest

from content.handlers.aicc_script import evaluate
from content.packages.services import package_update
from content.runtime.queries import launch_payload
from content.runtime.services import attempt_open, runtime_commit
from tests.content.packages.builders import PAGE, scorm12_manifest, zip_bytes
from tests.content.runtime.conftest import enrolled_with_package

pytestmark = pytest.mark.django_db

ITEMS = (
    '<item identifier="module"><title>الوحدة</title>'
    '<item identifier="intro" identifierref="r1"><title>المقدمة</title>'
    "<adlcp:dataFromLMS>level=2</adlcp:dataFromLMS>"
    "<adlcp:maxTimeAllowed>00:45:00</adlcp:maxTimeAllowed>"
    "<adlcp:timeLimitAction>continue,no message</adlcp:timeLimitAction></item>"
    '<item identifier="rules" identifierref="r1"><title>القواعد</title></item></item>'
    '<item identifier="quiz" identifierref="r2"><title>الاختبار</title>'
    "<adlcp:prerequisites type='aicc_script'>module AND ~late</adlcp:prerequisites></item>"
    '<item identifier="late" identifierref="r2"><title>متأخر</title>'
    "<adlcp:prerequisites>intro | rules</adlcp:prerequisites></item>"
)
RESOURCES = (
    '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
    '<resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="quiz.html"/>'
)


@pytest.fixture
def course():
    data = zip_bytes(
        {"imsmanifest.xml": scorm12_manifest(ITEMS, RESOURCES), "index.html": PAGE, "quiz.html": PAGE}
    )
    return enrolled_with_package(data)


def statuses(payload) -> dict[str, str]:
    return {item["identifier"]: item["status"] for item in payload["items"] if item["launchable"]}


def finish(attempt, sequence: int, item: str, status: str) -> None:
    cmi = {"cmi.core.lesson_status": status, "cmi.core.session_time": "00:00:30"}
    runtime_commit(attempt=attempt, sequence=sequence, item_identifier=item, cmi=cmi, is_terminate=True)


def test_time_limits_and_launch_data_reach_the_scos_start_data(course):
    trainee, activity, _version = course
    payload = launch_payload(attempt_open(user=trainee, activity=activity))
    intro = next(item for item in payload["items"] if item["identifier"] == "intro")
    assert intro["start"]["cmi.launch_data"] == "level=2"
    assert intro["start"]["cmi.student_data.max_time_allowed"] == "00:45:00"
    assert intro["start"]["cmi.student_data.time_limit_action"] == "continue,no message"
    rules = next(item for item in payload["items"] if item["identifier"] == "rules")
    assert "cmi.student_data.max_time_allowed" not in rules["start"]


def test_prerequisites_lock_items_until_the_items_they_name_are_done(course):
    trainee, activity, _version = course
    attempt = attempt_open(user=trainee, activity=activity)
    rules = launch_payload(attempt)["prerequisites"]
    assert set(rules) == {"quiz", "late"}
    # The folder "module" stands for its two items.
    assert evaluate(rules["quiz"], statuses(launch_payload(attempt))) is False
    assert evaluate(rules["late"], statuses(launch_payload(attempt))) is False

    finish(attempt, 1, "intro", "completed")
    attempt.refresh_from_db()
    now = statuses(launch_payload(attempt))
    assert evaluate(rules["late"], now) is True  # intro | rules
    assert evaluate(rules["quiz"], now) is False  # rules is still to do

    finish(attempt, 2, "rules", "passed")
    attempt.refresh_from_db()
    assert evaluate(rules["quiz"], statuses(launch_payload(attempt))) is True


def test_the_player_is_told_whether_a_sco_finishing_without_a_status_is_completed(course):
    trainee, activity, version = course
    attempt = attempt_open(user=trainee, activity=activity)
    assert launch_payload(attempt)["complete_on_finish"] is True
    package_update(package=version.package, title="x", activity=activity, complete_on_finish=False)
    attempt.refresh_from_db()
    assert launch_payload(attempt)["complete_on_finish"] is False


def test_a_finished_sco_completes_the_attempt_with_the_time_the_player_observed(course):
    """What the player sends for a minimum-calls SCO once it has completed it on LMSFinish, with the
    session time it observed: the attempt is completed when every SCO is, and timed."""
    trainee, activity, _version = course
    attempt = attempt_open(user=trainee, activity=activity)
    for sequence, item in enumerate(["intro", "rules", "quiz", "late"], start=1):
        finish(attempt, sequence, item, "completed")
    attempt.refresh_from_db()
    assert attempt.completed is True
    assert attempt.total_seconds == 120
