"""A cmi5 course made by others (ADL CATAPULT) played as its specification asks: launched with the
launch parameters, the AU fetches its token and reads LMS.LaunchData, completes and passes, and the
LMS records the AU's course as satisfied and the result in the trainee's progress."""

import re

import pytest
from playwright.sync_api import Page, expect

from content.lrs.models import Statement
from content.runtime.cmi5 import LAUNCHED, SATISFIED
from content.runtime.models import Attempt
from courses.models import ActivityResult
from tests.e2e.pages import assert_fits_the_screen, tap
from tests.e2e.test_journey_player import (  # noqa: F401 — the two-origin fixture
    CORPUS,
    content_origin,
    needs_corpus,
    open_player,
    trainee_with,
    wait_for,
)

PACKAGE = CORPUS / "cmi5" / "catapult_single_au_basic_responsive.zip"
ADL = "http://adlnet.gov/expapi/verbs/"


@needs_corpus
@pytest.mark.skipif(not PACKAGE.is_file(), reason="the cmi5 package is not in the corpus")
def test_the_catapult_au_completes_passes_and_the_course_is_satisfied(phone_page: Page, screenshot):
    trainee, activity = trainee_with(PACKAGE.read_bytes())
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    open_player(page, trainee, activity)
    au = page.frame_locator("#player-frame")
    # The AU started: it fetched its token, read its launch data and said "initialized".
    expect(au.locator("#navmenuitems li.seen").first).to_be_attached()
    wait_for(lambda: Statement.objects.filter(data__verb__id=ADL + "initialized").exists())
    screenshot(page, "launched")
    au.locator("#navmenuitems li").last.dispatch_event("click")  # the quiz
    expect(au.locator("#navmenuitems li.seen").last).to_be_attached()
    au.get_by_role("button", name="(Select correct answers)").click()
    au.get_by_role("button", name="Submit Answers").click()
    expect(au.locator("#score-passed")).to_be_visible()
    screenshot(page, "passed")
    au.locator("#score-panel .exit-button").dispatch_event("click")  # (after the resizing screenshot)
    # The AU said "terminated" and went to its returnURL, inside the frame.
    expect(au.locator("main.closed")).to_be_visible()
    screenshot(page, "closed")

    attempt = Attempt.objects.get(user=trainee)

    expected = {ADL + "initialized", ADL + "completed", ADL + "passed", ADL + "terminated", SATISFIED}

    def verbs_once_all_stored():
        # The AU sends its statements one request at a time without waiting for each answer: on a
        # busy server "terminated" can be stored before "passed" (and the course's "satisfied").
        rows = Statement.objects.filter(registration=attempt.registration).order_by("pk")
        verbs = [row.data["verb"]["id"] for row in rows]
        return verbs if expected <= set(verbs) else None

    verbs = wait_for(verbs_once_all_stored, page=page)
    assert verbs[0] == LAUNCHED
    result = wait_for(lambda: ActivityResult.objects.filter(activity=activity, completed=True).first())
    assert result.passed is True and result.score == 100

    page.goto("/courses/learning/")
    expect(page.locator("main")).to_contain_text("مكتمل")  # "Completed"
    screenshot(page, "my-learning")


def test_the_demo_cmi5_course_shows_its_blocks_and_is_satisfied_block_by_block(phone_page: Page, screenshot):
    """The demo's two-block course (built in code, no corpus needed), on a phone in Arabic: the
    contents show the blocks with their titles; each block is satisfied when its AU is, then the
    course; the status line follows the lesson's end; the end page leads back to My learning."""
    from content.demo import STYLE, _zip
    from content.demo_cmi5 import files

    trainee, activity = trainee_with(_zip(files(STYLE)))
    page = phone_page
    open_player(page, trainee, activity)
    contents = page.locator("#lesson-parts")
    blocks = contents.locator("li.part-block")
    expect(blocks).to_have_count(2)
    expect(blocks.nth(0).locator(".part-block-title")).to_have_text("مراحل التنفيذ")
    expect(blocks.nth(0).get_by_role("link")).to_have_text("من التجربة إلى التوسع")
    expect(blocks.nth(1).locator(".part-block-title")).to_have_text("اختبر نفسك")
    expect(page.locator("#lesson-status-line")).to_have_text("تم البدء")  # "Started"
    assert_fits_the_screen(page)
    screenshot(page, "blocks")

    # Block 1: the reading AU is the first not done; it completes and goes to its end page.
    au = page.frame_locator("#player-frame")
    au.get_by_role("button", name="قرأتُ المراحل").dispatch_event("click")  # (after the screenshot)
    expect(au.locator("main.closed")).to_be_visible()
    expect(page.locator("#lesson-status-line")).to_contain_text("انتهى الدرس")  # "The lesson has ended"
    expect(blocks.nth(0).locator(":scope > .part-done")).to_be_visible()
    expect(blocks.nth(1).locator(":scope > .part-done")).to_have_count(0)
    attempt = Attempt.objects.get(user=trainee)

    def satisfied() -> list[str]:
        rows = Statement.objects.filter(registration=attempt.registration, data__verb__id=SATISFIED)
        return [row.data["object"]["definition"]["type"].rsplit("/", 1)[1] for row in rows.order_by("pk")]

    assert satisfied() == ["block"]
    screenshot(page, "first-block-satisfied")

    # Block 2: the quiz, answered right.
    blocks.nth(1).get_by_role("link").click()
    expect(au.locator("#quiz")).to_be_visible()
    for answer in (
        "مشروع تجريبي محدود",
        "البنية التحتية المشتركة والهوية الرقمية",
        "لتحسين الخدمة قبل التوسع",
    ):
        au.get_by_label(answer).check()
    screenshot(page, "answered")
    au.get_by_role("button", name="أرسل الإجابات").dispatch_event("click")  # (after the screenshot)
    expect(au.locator("main.closed")).to_be_visible()
    expect(page.locator("#lesson-status-line")).to_contain_text("مكتمل")  # "Completed"
    expect(blocks.nth(1).locator(":scope > .part-done")).to_be_visible()
    assert wait_for(lambda: satisfied() == ["block", "block", "course"] or None)
    result = wait_for(lambda: ActivityResult.objects.filter(activity=activity, completed=True).first())
    assert result.passed is True and result.score == 100
    screenshot(page, "course-satisfied")
    # The sandboxed frame may not navigate the tab: its end page asks the LMS page to go back.
    tap(au.get_by_role("link", name="العودة إلى «تعلّمي»"))  # (after the screenshot)
    expect(page).to_have_url(re.compile(r"/courses/learning/$"))
