"""A Tin Can package made by others (Rustici's golf example) launched with the Tin Can launch
parameters: it records its statements in our LRS with the launch token, keeps its bookmark in the
State resource, and its "completed" reaches the trainee's progress."""

import pytest
from playwright.sync_api import Page, expect

from content.lrs.models import Document, Statement
from content.runtime.models import Attempt
from courses.models import ActivityResult
from tests.e2e.test_journey_player import (  # noqa: F401 — the two-origin fixture
    CORPUS,
    content_origin,
    needs_corpus,
    open_player,
    trainee_with,
    wait_for,
)

PACKAGE = CORPUS / "tincan" / "GolfExample_TCAPI.zip"
COURSE = "http://tincanapi.com/GolfExample_TCAPI"


@needs_corpus
@pytest.mark.skipif(not PACKAGE.is_file(), reason="the Tin Can package is not in the corpus")
def test_the_golf_example_records_its_statements_and_completes(phone_page: Page, screenshot):
    trainee, activity = trainee_with(PACKAGE.read_bytes())
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    open_player(page, trainee, activity)
    course = page.frame_locator("#player-frame")
    for _ in range(15):  # to the assessment, the last page
        course.locator("#butNext").click()
    expect(course.locator("#butNext")).to_be_disabled()
    assessment = course.frame_locator("#contentFrame")
    assessment.get_by_role("button", name="Submit Answers").click()
    expect(assessment.locator("#test")).to_contain_text("Score")
    screenshot(page, "assessed")

    attempt = Attempt.objects.get(user=trainee)
    wait_for(lambda: ActivityResult.objects.filter(activity=activity, completed=True).exists(), page=page)
    stored = Statement.objects.filter(registration=attempt.registration)
    assert stored.filter(data__verb__id="http://adlnet.gov/expapi/verbs/attempted").exists()
    assert stored.filter(
        data__object__id=COURSE, data__verb__id="http://adlnet.gov/expapi/verbs/completed"
    ).exists()
    # Its bookmark, in the learner's own state for the registration.
    assert Document.objects.filter(document_id="location", registration=str(attempt.registration)).exists()
