"""The demo's H5P activity (content/demo_h5p.py) plays on a machine without the shared corpus: a
trainee on a phone answers its statements in Arabic, and the score reaches the course."""

from playwright.sync_api import Frame, Page, expect

from content import demo_h5p
from content.runtime.models import Attempt
from courses.models import ActivityResult
from tests.e2e.test_journey_player import open_player, trainee_with, wait_for
from tests.e2e.test_journey_player_h5p import content_origin  # noqa: F401

ANSWERS = [statement["correct"] for statement in demo_h5p.CONTENT["statements"]]
L10N = demo_h5p.CONTENT["l10n"]


def content_frame(page: Page) -> Frame:
    """The frame h5p-standalone attached the content type to (its own frame, or the player's)."""
    return wait_for(
        lambda: next((f for f in page.frames if f.query_selector(".h5p-tadrib-truefalse")), None), page=page
    )


def test_the_demo_h5p_activity_is_answered_and_scored(phone_page: Page, screenshot):
    trainee, activity = trainee_with(demo_h5p.package(), "egov.h5p")
    page = phone_page
    open_player(page, trainee, activity)
    content = content_frame(page)
    statements = content.locator(".h5p-tadrib-truefalse li")
    expect(statements).to_have_count(3)
    expect(content.locator(".h5p-tadrib-truefalse")).to_have_attribute("dir", "rtl")

    content.locator(".h5p-tadrib-check").click()
    expect(content.locator(".h5p-tadrib-result")).to_have_text(L10N["unanswered"])
    for index, right in enumerate(ANSWERS):
        statements.nth(index).get_by_role("button", name=L10N["true" if right else "false"]).click()
    content.locator(".h5p-tadrib-check").click()
    expect(content.locator(".h5p-tadrib-result")).to_have_text("نتيجتك: 3 من 3")
    screenshot(page, "answered")

    attempt = wait_for(lambda: Attempt.objects.filter(user=trainee, completed=True, passed=True).first())
    assert float(attempt.score) == 100.0
    assert wait_for(
        lambda: ActivityResult.objects.filter(activity=activity, completed=True, passed=True).exists()
    )
