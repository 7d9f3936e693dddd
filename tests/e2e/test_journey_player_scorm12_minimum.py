"""A SCORM 1.2 package whose SCOs call only LMSInitialize and LMSFinish (issue 14, acceptance 2):
a trainee on a phone completes it by visiting its SCOs (leaving one finishes it), the contents
tick each one off, an item locked by its prerequisites says what to complete first, and the time
spent is counted."""

import re

from playwright.sync_api import Page, expect

from content.runtime.models import Attempt
from courses.models import ActivityResult
from tests.content.packages.builders import scorm12_manifest, zip_bytes
from tests.e2e.pages import tap
from tests.e2e.test_journey_player import (  # noqa: F401
    content_origin,
    open_player,
    trainee_with,
    wait_for,
)

# What the corpus's RuntimeMinimumCalls SCOs do: find the API once, initialise, finish on leaving.
SCO = """<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>{title}</title>
<h1>{title}</h1><p>محتوى الدرس.</p>
<script>
var api = (function (w) {{
  for (var hops = 0; w && hops < 10; hops++) {{ if (w.API) return w.API; if (w.parent === w) break; w = w.parent; }}
  return null;
}})(window);
api.LMSInitialize("");
var finished = false;
window.addEventListener("pagehide", function () {{ if (!finished) {{ finished = true; api.LMSFinish(""); }} }});
</script></html>"""
TITLES = {"p1": "قواعد اللعب", "p2": "آداب الملعب", "p3": "الاختبار"}


def minimum_calls_package() -> bytes:
    items = (
        '<item identifier="p1" identifierref="r1"><title>قواعد اللعب</title></item>'
        '<item identifier="p2" identifierref="r2"><title>آداب الملعب</title></item>'
        '<item identifier="p3" identifierref="r3"><title>الاختبار</title>'
        "<adlcp:prerequisites type='aicc_script'>p1 &amp; p2</adlcp:prerequisites></item>"
    )
    resources = "".join(
        f'<resource identifier="r{n}" type="webcontent" adlcp:scormtype="sco" href="p{n}.html"/>'
        for n in (1, 2, 3)
    )
    files = {f"{key}.html": SCO.format(title=title) for key, title in TITLES.items()}
    return zip_bytes({"imsmanifest.xml": scorm12_manifest(items, resources, title="الغولف"), **files})


def sco_showing(page: Page, name: str):
    sco = wait_for(lambda: next((f for f in page.frames if f.url.endswith(f"/{name}.html")), None), page=page)
    sco.wait_for_function("() => window.api && window.api.isInitialized()")
    return sco


def test_a_minimum_calls_package_is_completed_by_visiting_its_scos(phone_page: Page, screenshot):
    trainee, activity = trainee_with(minimum_calls_package())
    page = phone_page
    open_player(page, trainee, activity)
    player = page.frame_locator("#player-frame")
    items = player.locator("#toc-list button.item")
    expect(items).to_have_count(3)
    sco_showing(page, "p1")

    # The quiz waits for both lessons; it says so beside it, naming the one still to visit
    # (leaving the one on screen will complete it).
    expect(items.nth(2)).to_be_disabled()
    reason = player.locator("#toc-list .lock-reason")
    expect(reason).to_contain_text("آداب الملعب")
    expect(reason).not_to_contain_text("قواعد اللعب")
    screenshot(page, "locked", full_page=False)

    page.wait_for_timeout(1500)
    tap(player.locator("#next"))
    sco_showing(page, "p2")
    # Leaving the first SCO finished it without a status of its own: completed, and ticked.
    expect(items.nth(0)).to_have_class(re.compile("done"))
    expect(items.nth(2)).to_be_enabled()
    expect(reason).to_have_count(0)

    page.wait_for_timeout(1500)
    tap(player.locator("#next"))
    sco_showing(page, "p3")
    expect(items.nth(1)).to_have_class(re.compile("done"))
    screenshot(page, "last", full_page=False)

    def recorded(*names: str) -> bool:
        attempt = Attempt.objects.get(user=trainee)
        return all(
            (attempt.state.get(name) or {}).get("cmi", {}).get("cmi.core.lesson_status") == "completed"
            for name in names
        )

    # The first two are recorded completed, with the time the player saw them open.
    wait_for(lambda: recorded("p1", "p2"), page=page)
    assert Attempt.objects.get(user=trainee).total_seconds >= 2

    # Going back to the first lesson finishes the last SCO: every SCO is ticked, the attempt is
    # completed.
    page.wait_for_timeout(1500)
    tap(items.nth(0))
    sco_showing(page, "p1")
    expect(items.nth(2)).to_have_class(re.compile("done"))
    attempt = wait_for(lambda: Attempt.objects.filter(user=trainee, completed=True).first(), page=page)
    screenshot(page, "completed")
    assert set(attempt.state) == {"p1", "p2", "p3"}
    assert all(entry["cmi"]["cmi.core.lesson_status"] == "completed" for entry in attempt.state.values())
    assert attempt.total_seconds >= 3
    assert wait_for(
        lambda: ActivityResult.objects.filter(activity=activity, completed=True).exists(), page=page
    )
