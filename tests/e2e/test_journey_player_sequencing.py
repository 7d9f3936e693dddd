"""SCORM 2004 sequencing in the browser: the corpus's forced-sequential golf course opens its parts
in order only, and the course is completed when all five are; a remediation course built in code
sends a failing trainee back and lets them pass on the retry; choice off and exitAll."""

import re

from playwright.sync_api import Frame, Page, expect

from content.runtime.models import Attempt
from courses.models import ActivityResult
from tests.content import sequenced_courses as courses
from tests.e2e.pages import tap
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
    # The page is given: the part opens after the server's answer, and only a waiting page sees it.
    sco = wait_for(lambda: next((f for f in page.frames if "/play/c/files/" in f.url), None), page=page)
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
    screenshot(page, "locked", full_page=False)

    for index, part in enumerate(PARTS):
        sco = sco_showing(page, part)
        assert sco.evaluate(SATISFY) == "true"
        if index < 4:
            # Satisfying a part opens the next one, and that one only.
            expect(items.nth(index + 1)).to_be_enabled()
            for later in range(index + 2, 5):
                expect(items.nth(later)).to_be_disabled()
            tap(player.locator("#next"))

    # The quiz completes itself on opening (the course is then completed); passing it passes the course.
    attempt = wait_for(lambda: Attempt.objects.filter(user=trainee, completed=True, passed=True).first())
    assert float(attempt.score) == 90.0
    assert len(attempt.state) == 5  # every part holds its own data
    assert wait_for(
        lambda: ActivityResult.objects.filter(activity=activity, completed=True, passed=True).exists()
    )
    expect(items.nth(4)).to_have_class(re.compile("done"))
    screenshot(page, "all-done")


def sco_of(page: Page, part: str) -> Frame:
    """The package's page showing the part, once the player has loaded its runtime."""
    sco = wait_for(lambda: next((f for f in page.frames if f"/{part}.html" in f.url), None), page=page)
    sco.wait_for_function("() => window.parent.API_1484_11 && !window.parent.API_1484_11.isTerminated()")
    return sco


def finish_part(sco: Frame, values: dict[str, str], request: str = "continue") -> None:
    """What a SCO does at its end: report, ask the LMS to move on, terminate."""
    sco.evaluate(
        """([values, request]) => {
          const api = window.parent.API_1484_11;
          if (!api.isInitialized()) api.Initialize("");
          for (const [key, value] of Object.entries(values)) api.SetValue(key, value);
          api.SetValue("adl.nav.request", request);
          return api.Terminate("");
        }""",
        [values, request],
    )


def test_a_remediation_course_sends_a_failing_trainee_back_and_lets_them_pass_on_the_retry(
    phone_page: Page, screenshot
):
    trainee, activity = trainee_with(courses.remediation())
    page = phone_page
    open_player(page, trainee, activity)
    player = page.frame_locator("#player-frame")
    items = player.locator("#toc-list button.item")
    expect(items).to_have_count(3)
    # The first part: nothing before it, and the player says so rather than greying Previous silently.
    finish_part(sco_of(page, "lesson1"), {"cmi.completion_status": "completed"})
    sco_of(page, "lesson2")
    tap(player.locator("#next"))  # Next ends the part the trainee is in
    test = sco_of(page, "test")
    finish_part(
        test,
        {"cmi.completion_status": "completed", "cmi.success_status": "failed", "cmi.score.scaled": "0.4"},
    )

    # Failed: the test's rule starts the course again, from its first lesson.
    sco_of(page, "lesson1")
    expect(player.locator("#previous")).to_have_attribute("aria-disabled", "true")
    expect(player.locator("#nav-why")).to_have_text("هذا هو الجزء الأول.")
    expect(items.nth(2)).not_to_have_class(re.compile("done"))
    attempt = wait_for(lambda: Attempt.objects.filter(user=trainee, passed=False).first(), page=page)
    assert attempt.sequencing["activities"]["test"]["attempts"] == 1
    screenshot(page, "sent-back", full_page=False)

    # A reload resumes the same attempt where the server says, and the failed test is not "done".
    page.reload()
    player = page.frame_locator("#player-frame")
    items = player.locator("#toc-list button.item")
    sco_of(page, "lesson1")
    expect(items.nth(2)).not_to_have_class(re.compile("done"))
    tap(items.nth(2))  # the test, chosen from the contents
    finish_part(
        sco_of(page, "test"),
        {"cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.8"},
    )

    # Passed on the retry: past the last part the lesson ends, and no SCO stays on screen.
    expect(player.locator("#end")).to_be_visible()
    expect(player.locator("#end-text")).to_contain_text("نهاية")
    expect(player.locator("#sco")).to_be_hidden()
    attempt = wait_for(
        lambda: Attempt.objects.filter(user=trainee, passed=True, completed=True).first(), page=page
    )
    assert attempt.sequencing["activities"]["test"]["attempts"] == 2
    assert float(attempt.score) == 80.0
    assert wait_for(lambda: ActivityResult.objects.filter(activity=activity, passed=True).exists(), page=page)
    screenshot(page, "ended")


def test_choice_off_greys_the_contents_and_exit_all_shows_the_end(phone_page: Page, screenshot):
    trainee, activity = trainee_with(courses.forced_sequential())
    page = phone_page
    open_player(page, trainee, activity)
    player = page.frame_locator("#player-frame")
    items = player.locator("#toc-list button.item")
    sco_of(page, "part1")
    for index in range(3):
        expect(items.nth(index)).to_have_attribute("aria-disabled", "true" if index else "false")
    items.nth(2).dispatch_event("click")  # a tap on a greyed part says why it is not offered
    expect(player.locator("#status")).to_have_text("هذا الدرس يؤخذ بترتيبه: استعمل «التالي» و«السابق».")
    screenshot(page, "choice-off", full_page=False)
    finish_part(sco_of(page, "part1"), {"cmi.completion_status": "completed"}, request="exitAll")
    expect(player.locator("#end")).to_be_visible()
    expect(player.locator("#sco")).to_be_hidden()
    tap(player.locator("#again"))
    sco_of(page, "part1")
