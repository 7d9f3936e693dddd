"""H5P in the browser: a trainee answers an H5P question on the content origin (h5p-standalone);
every statement and the content's state reach the LRS, the score reaches the course, and the
answer is there again when the lesson is opened anew."""

import json
import zipfile

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from content.lrs.models import Document, Statement
from content.runtime.models import Attempt
from courses.models import Activity, ActivityResult
from tests.courses.factories import ActivityFactory
from tests.e2e.pages import assert_fits_the_screen
from tests.e2e.test_journey_player import CORPUS, needs_corpus, open_player, trainee_with, wait_for

HELLO_WORLD = CORPUS / "h5p" / "h5p-standalone_h5p-test.h5p"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


@pytest.fixture(autouse=True)
def content_origin(settings, live_server):
    """The LMS at localhost:PORT, the content origin at 127.0.0.1:PORT: two origins, one server."""
    settings.SITE_URL = live_server.url
    settings.CONTENT_ORIGIN = live_server.url.replace("localhost", "127.0.0.1")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return settings.CONTENT_ORIGIN


def true_false_labels() -> tuple[str, str]:
    """The H5P.TrueFalse question's right answer and its Check button, as the package words them."""
    with zipfile.ZipFile(HELLO_WORLD) as archive:
        params = json.loads(archive.read("content/content.json"))
    l10n = params["l10n"]
    right = l10n["trueText"] if params["correct"] == "true" else l10n["falseText"]
    return right, l10n["checkAnswer"]


PLAYER = "iframe[src*='/play/c/h5p/']"


def h5p_content(page: Page) -> FrameLocator:
    """The H5P content: h5p-standalone's own frame inside the player frame of the content origin."""
    return page.frame_locator(PLAYER).frame_locator("iframe.h5p-iframe")


def settled(page: Page) -> None:
    """H5P has sized its frame to the content (it does so a moment after the content changes)."""
    player = next(frame for frame in page.frames if "/play/c/h5p/" in frame.url)
    player.wait_for_function(
        """() => {
            const frame = document.querySelector("iframe.h5p-iframe");
            const body = frame && frame.contentDocument && frame.contentDocument.body;
            return body && frame.getBoundingClientRect().height >= body.scrollHeight;
        }"""
    )


@needs_corpus
def test_an_h5p_answer_is_recorded_scored_and_restored(phone_page: Page, screenshot, content_origin: str):
    trainee, activity = trainee_with(HELLO_WORLD.read_bytes(), "h5p-test.h5p")
    # A second required activity in the course, so that one answered lesson is half the way.
    ActivityFactory(module=activity.module, kind=Activity.Kind.QUIZ, title="اختبار الوحدة")
    right, check = true_false_labels()
    page = phone_page
    open_player(page, trainee, activity)
    frame = page.locator(PLAYER)
    expect(frame).to_be_visible()
    assert frame.get_attribute("src").startswith(content_origin + "/play/c/h5p/?lang=ar#t=")
    expect(page.frame_locator(PLAYER).locator("html")).to_have_attribute("dir", "rtl")
    player = next(f for f in page.frames if "/play/c/h5p/" in f.url)
    # The token left the address bar at once, and no cookie of the LMS reaches the content origin.
    assert player.evaluate("() => [location.hash, document.cookie]") == ["", ""]
    content = h5p_content(page)
    # (The radios' names start with their icon, a character of the icon font: not an exact match.)
    answer = content.get_by_role("radio", name=right)
    answer.tap()
    expect(answer).to_have_attribute("aria-checked", "true")
    assert_fits_the_screen(page)
    settled(page)
    screenshot(page, "answered")
    # (After the screenshot's resizing, H5P lays its content out again: a tap could land mid-way.)
    content.get_by_role("button", name=check).dispatch_event("click")
    expect(content.locator(".h5p-joubelui-score-bar-full-score")).to_be_visible()
    settled(page)
    screenshot(page, "checked")

    # Every statement is the trainee's, in the attempt's registration, about the activity's IRI.
    attempt = Attempt.objects.get(user=trainee, activity=activity)
    answered = wait_for(
        lambda: Statement.objects.filter(registration=attempt.registration, verb_id=ANSWERED).first()
    ).data
    assert answered["actor"]["account"]["name"] == str(trainee.pk)
    assert answered["context"]["registration"] == str(attempt.registration)
    assert "parent" not in answered["context"].get("contextActivities", {})
    assert answered["result"]["score"]["raw"] == answered["result"]["score"]["max"] == 1
    assert answered["result"]["success"] is True
    statements = Statement.objects.filter(registration=attempt.registration)
    assert statements.count() >= 2  # "interacted" as the answer was chosen, then "answered"
    assert {s.actor_ifi for s in statements} == {statements[0].actor_ifi}
    assert {s.object_activity_id for s in statements} == {answered["object"]["id"]}

    # The content's state: the answer chosen, in the State document of the registration.
    state = wait_for(
        lambda: Document.objects.filter(
            kind=Document.Kind.STATE, document_id="h5p.state", registration=str(attempt.registration)
        ).first()
    )
    assert state.activity_id == answered["object"]["id"]
    assert json.loads(bytes(state.content)) == {"answer": right == "True"}

    # The lead's server side turns the statements into the activity's result.
    wait_for(lambda: ActivityResult.objects.filter(activity=activity, score=100, completed=True).exists())
    page.goto("/courses/learning/")
    expect(page.locator("main")).to_contain_text("50%")
    screenshot(page, "my-learning")

    # Opened again: the answer chosen is there.
    page.goto(f"/play/activity/{activity.pk}/")
    restored = h5p_content(page).get_by_role("radio", name=right)
    expect(restored).to_have_attribute("aria-checked", "true")
    settled(page)
    screenshot(page, "restored")


@needs_corpus
def test_answers_given_offline_reach_the_lrs_when_the_connection_returns(phone_page: Page, screenshot):
    trainee, activity = trainee_with(HELLO_WORLD.read_bytes(), "h5p-test.h5p")
    right, check = true_false_labels()
    page = phone_page
    open_player(page, trainee, activity)
    content = h5p_content(page)
    answer = content.get_by_role("radio", name=right)
    expect(answer).to_be_visible()
    attempt = Attempt.objects.get(user=trainee, activity=activity)
    page.context.set_offline(True)
    answer.tap()
    content.get_by_role("button", name=check).tap()
    expect(content.locator(".h5p-joubelui-score-bar-full-score")).to_be_visible()
    status = page.frame_locator(PLAYER).locator("#h5p-status")
    expect(status).to_have_class("h5p-status warning")
    settled(page)
    screenshot(page, "offline")
    assert not Statement.objects.filter(registration=attempt.registration, verb_id=ANSWERED).exists()

    page.context.set_offline(False)
    answered = wait_for(
        lambda: Statement.objects.filter(registration=attempt.registration, verb_id=ANSWERED).first()
    )
    assert answered.data["result"]["success"] is True
    wait_for(
        lambda: Document.objects.filter(
            kind=Document.Kind.STATE, document_id="h5p.state", registration=str(attempt.registration)
        ).exists()
    )
    expect(status).to_have_class("h5p-status")


@needs_corpus
def test_an_answer_given_offline_survives_the_tab_closing(phone_page: Page, screenshot):
    """The answer waits in the LMS page's storage (outbox.js), not in the frame's memory: the tab
    closes offline, and the next opening of the lesson sends it."""
    trainee, activity = trainee_with(HELLO_WORLD.read_bytes(), "h5p-test.h5p")
    right, check = true_false_labels()
    # A tab of its own, closed while offline; the phone's page opens the lesson again afterwards.
    page = phone_page.context.new_page()
    open_player(page, trainee, activity)
    content = h5p_content(page)
    answer = content.get_by_role("radio", name=right)
    expect(answer).to_be_visible()
    attempt = Attempt.objects.get(user=trainee, activity=activity)
    page.context.set_offline(True)
    answer.tap()
    content.get_by_role("button", name=check).tap()
    expect(content.locator(".h5p-joubelui-score-bar-full-score")).to_be_visible()
    status = page.frame_locator(PLAYER).locator("#h5p-status")
    # "Offline: your progress is kept on this device and will be sent when the connection returns."
    expect(status).to_contain_text("على هذا الجهاز")
    wait_for(
        lambda: page.evaluate("() => Object.keys(localStorage).some(k => k.startsWith('tadrib.statements.'))")
    )
    screenshot(page, "offline")
    page.close()
    assert not Statement.objects.filter(registration=attempt.registration, verb_id=ANSWERED).exists()

    again = phone_page
    again.context.set_offline(False)
    again.goto(f"/play/activity/{activity.pk}/")
    answered = wait_for(
        lambda: Statement.objects.filter(registration=attempt.registration, verb_id=ANSWERED).first()
    )
    assert answered.data["result"]["score"]["raw"] == answered.data["result"]["score"]["max"]
    result = wait_for(lambda: ActivityResult.objects.filter(activity=activity, completed=True).first())
    assert result.passed is True
    wait_for(
        lambda: (
            not again.evaluate(
                "() => Object.keys(localStorage).some(k => k.startsWith('tadrib.statements.'))"
            )
        )
    )
