"""SCORM 2004 navigation on the server: the state lives on the attempt, so a reload or another device
resumes it; commits feed it; the course's result is its rollup."""

from pathlib import Path

import pytest

from content.runtime.models import Attempt
from content.runtime.navigation import attempt_navigate, attempt_offer
from content.runtime.queries import item_start_data
from content.runtime.services import CommitRefused, attempt_open, preview_open, runtime_commit
from courses.models import ActivityResult
from tests.content import sequenced_courses as courses
from tests.content.runtime.conftest import enrolled_with_package
from tests.lms.factories import UserFactory

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
FAILED = {"cmi.completion_status": "completed", "cmi.success_status": "failed", "cmi.score.scaled": "0.3"}
PASSED = {"cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.9"}
DONE = {"cmi.completion_status": "completed"}


class Player:
    """Sends what player.js sends: numbered commits with each navigation request."""

    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt
        self.sequence = attempt.last_sequence
        self.current = ""

    def ask(self, request: str, target: str = "", cmi: dict | None = None):
        commit = None
        if cmi is not None:
            self.sequence += 1
            commit = {"sequence": self.sequence, "item": self.current, "cmi": cmi, "terminate": True}
        result = attempt_navigate(attempt=self.attempt, request=request, target=target, commit=commit)
        self.current = result.deliver or self.current
        return result


@pytest.fixture
def remediation(db):
    return enrolled_with_package(courses.remediation())


def test_a_failed_test_sends_the_trainee_back_and_the_retry_starts_afresh(remediation):
    trainee, activity, _version = remediation
    player = Player(attempt_open(user=trainee, activity=activity))
    assert player.ask("resume").deliver == "lesson1"
    assert player.ask("continue", cmi=DONE).deliver == "lesson2"
    assert player.ask("continue", cmi=DONE).deliver == "test"
    assert player.ask("continue", cmi=FAILED).deliver == "lesson1"
    attempt = Attempt.objects.get(pk=player.attempt.pk)
    assert attempt.passed is False
    test_item = attempt.version.items.get(identifier="test")
    # The test's second attempt does not start from the failed one's data.
    assert player.ask("choice", "test").refused is None
    start = item_start_data(Attempt.objects.get(pk=attempt.pk), test_item)
    assert start["cmi.entry"] == "ab-initio" and "cmi.success_status" not in start
    result = player.ask("continue", cmi=PASSED)
    assert result.ended and result.reason == "end"
    attempt.refresh_from_db()
    assert attempt.completed and attempt.passed is True and float(attempt.score) == 90.0
    assert ActivityResult.objects.filter(activity=activity, passed=True, completed=True).exists()


def test_after_a_reload_a_failed_test_is_not_done_and_the_trainee_resumes_on_it(remediation):
    trainee, activity, _version = remediation
    player = Player(attempt_open(user=trainee, activity=activity))
    player.ask("resume")
    player.ask("choice", "test", cmi=DONE)
    player.sequence += 1
    runtime_commit(attempt=player.attempt, sequence=player.sequence, item_identifier="test", cmi=FAILED)
    # The tab closes; the trainee opens the lesson again (another device: the same state).
    again = attempt_open(user=trainee, activity=activity)
    assert again.pk == player.attempt.pk
    assert Player(again).ask("resume").deliver == "test"
    assert again.passed is False


def test_a_refused_request_says_why_and_changes_nothing(remediation):
    trainee, activity, _version = remediation
    attempt = attempt_open(user=trainee, activity=activity)
    player = Player(attempt)
    player.ask("resume")
    before = Attempt.objects.get(pk=attempt.pk).sequencing
    result = player.ask("previous")
    assert result.refused == "start" and result.deliver == "lesson1"
    assert Attempt.objects.get(pk=attempt.pk).sequencing == before
    assert result.offer["previous"] == "start" and result.offer["continue"] is None


def test_a_malformed_commit_or_another_format_is_refused(remediation, scorm12_setup):
    trainee, activity, _version = remediation
    attempt = attempt_open(user=trainee, activity=activity)
    with pytest.raises(CommitRefused):
        attempt_navigate(
            attempt=attempt, request="continue", commit={"sequence": 1, "item": "nowhere", "cmi": {}}
        )
    with pytest.raises(CommitRefused):
        attempt_navigate(attempt=attempt, request="continue", commit=["not", "an", "object"])
    assert Attempt.objects.get(pk=attempt.pk).sequencing == {}
    other_trainee, other_activity, _ = scorm12_setup
    with pytest.raises(CommitRefused):
        attempt_navigate(attempt=attempt_open(user=other_trainee, activity=other_activity), request="start")


def test_a_preview_navigates_without_keeping_what_the_content_sent(remediation):
    _trainee, _activity, version = remediation
    preview = preview_open(user=UserFactory(), package=version.package)
    player = Player(preview)
    player.ask("resume")
    player.ask("choice", "test", cmi=DONE)
    assert player.ask("continue", cmi=FAILED).deliver == "lesson1"
    preview.refresh_from_db()
    assert preview.state == {} and not preview.commits.exists()


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
@pytest.mark.django_db
def test_forced_sequential_golf_opens_each_part_when_the_global_objective_it_reads_is_satisfied():
    package = CORPUS / "scorm2004" / "SequencingForcedSequential_SCORM20043rdEdition.zip"
    trainee, activity, _version = enrolled_with_package(package.read_bytes())
    attempt = attempt_open(user=trainee, activity=activity)
    player = Player(attempt)
    assert player.ask("resume").deliver == "playing_item"
    offer = attempt_offer(attempt=Attempt.objects.get(pk=attempt.pk))
    assert offer["continue"] == "disabled"
    assert all(
        offer["choice"][part]["refused"] == "disabled" for part in ("etuqiette_item", "assessment_item")
    )
    # Completed without a known success is not satisfied: the next part stays disabled.
    assert player.ask("continue", cmi=DONE).refused == "disabled"
    result = player.ask(
        "continue", cmi={"cmi.completion_status": "completed", "cmi.success_status": "passed"}
    )
    assert result.deliver == "etuqiette_item"
    assert result.offer["choice"]["handicapping_item"]["refused"] == "disabled"
    assert result.offer["choice"]["playing_item"]["refused"] is None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(p.name for p in (CORPUS / "scorm2004").glob("*.zip")) if CORPUS.is_dir() else []
)
def test_the_corpus_scorm2004_packages_start_on_their_first_part_and_flow_on(name):
    trainee, activity, version = enrolled_with_package((CORPUS / "scorm2004" / name).read_bytes())
    player = Player(attempt_open(user=trainee, activity=activity))
    first, *rest = [item.identifier for item in version.items.filter(is_launchable=True)]
    assert player.ask("resume").deliver == first
    passed = {"cmi.completion_status": "completed", "cmi.success_status": "passed"}
    for following in rest:
        assert player.ask("continue", cmi=passed).deliver == following
    assert player.ask("continue", cmi=passed).ended
