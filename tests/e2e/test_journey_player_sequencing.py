"""SCORM 2004 sequencing in the browser: the corpus's forced-sequential golf course opens its parts
in order only, and the course is completed when all five are."""

import re

from playwright.sync_api import Frame, Page, expect

from content.runtime.models import Attempt
from courses.models import ActivityResult
from tests.e2e.test_journey_player import (  # noqa: F401
    CORPUS,
    content_origin,
    needs_corpus,
    open_player,
    trainee_with,
    wait_for,
)

PARTS = ["playing", "etiquette", "handicapping", "havingfun", "assessment"]
# What the golf SCO would record at the end of a part (its pages are slow to click through).
SATISFY = """() => {
  const api = window.parent.API_1484_11;
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.success_status", "passed");
  api.SetValue("cmi.score.scaled", "0.9");
  return api.Commit("");
}"""


def sco_showing(page: Page, part: str) -> Frame:
    sco = wait_for(lambda: next((f for f in page.frames if "/play/c/files/" in f.url), None))
    sco.wait_for_url(re.compile(f"content={part}"))
    sco.wait_for_function("() => window.parent.API_1484_11 && window.parent.API_1484_11.isInitialized()")
    return sco


@needs_corpus
def test_forced_sequential_golf_refuses_to_skip_ahead_and_rolls_up_completion(desktop_page: Page, screenshot):
    trainee, activity = trainee_with(
        (CORPUS / "scorm2004" / "SequencingForcedSequential_SCORM20043rdEdition.zip").read_bytes()
    )
    page = desktop_page
    open_player(page, trainee, activity)
    player = page.frame_locator("#player-frame")
    items = player.locator("#toc-list button.item")
    expect(items).to_have_count(5)
    sco = sco_showing(page, "playing")
    # Parts 2 to 5 are disabled until the one before is satisfied: choosing part 3 is refused.
    for index in range(1, 5):
        expect(items.nth(index)).to_be_disabled()
    expect(player.locator("#next")).to_be_disabled()
    screenshot(page, "locked")

    for index, part in enumerate(PARTS):
        sco = sco_showing(page, part)
        assert sco.evaluate(SATISFY) == "true"
        if index < 4:
            # Satisfying a part opens the next one, and that one only.
            expect(items.nth(index + 1)).to_be_enabled()
            for later in range(index + 2, 5):
                expect(items.nth(later)).to_be_disabled()
            player.locator("#next").click()

    # The quiz completes itself on opening (the course is then completed); passing it passes the course.
    attempt = wait_for(lambda: Attempt.objects.filter(user=trainee, completed=True, passed=True).first())
    assert float(attempt.score) == 90.0
    assert len(attempt.state) == 5  # every part holds its own data
    assert wait_for(
        lambda: ActivityResult.objects.filter(activity=activity, completed=True, passed=True).exists()
    )
    expect(items.nth(4)).to_have_class(re.compile("done"))
    screenshot(page, "all-done")
