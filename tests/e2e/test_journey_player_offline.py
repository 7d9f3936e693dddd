"""The player offline: commits made while the network is cut wait in the LMS page's own storage,
are sent when it returns, and survive the tab being closed before it does."""

import json

from playwright.sync_api import Frame, Page, expect

from content.runtime.models import Attempt, RuntimeCommit
from tests.content.packages.builders import scorm12_manifest, zip_bytes
from tests.e2e.test_journey_player import content_origin, open_player, trainee_with, wait_for  # noqa: F401

# A SCO that commits on demand: ``save("p2")`` sets a location and suspend data, then LMSCommit.
SCO = """<!doctype html><html><head><meta charset="utf-8"><title>sco</title></head><body>
<p id="state">loading</p>
<script>
var api = window.parent.API;
api.LMSInitialize("");
window.save = function (page) {
  api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  api.LMSSetValue("cmi.core.lesson_location", page);
  api.LMSSetValue("cmi.suspend_data", "seen:" + page);
  api.LMSSetValue("cmi.core.exit", "suspend");
  return api.LMSCommit("");
};
document.getElementById("state").textContent = "ready " + api.LMSGetValue("cmi.core.lesson_location");
</script></body></html>"""


def package() -> bytes:
    manifest = scorm12_manifest(
        '<item identifier="i1" identifierref="r1"><title>درس</title></item>',
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">'
        '<file href="index.html"/></resource>',
    )
    return zip_bytes({"imsmanifest.xml": manifest, "index.html": SCO})


def sco_of(page: Page, location: str = "") -> Frame:
    expect(page.frame_locator("#player-frame").frame_locator("#sco").locator("#state")).to_have_text(
        f"ready {location}".strip() if location else "ready", timeout=15_000
    )
    return next(frame for frame in page.frames if "/play/c/files/" in frame.url)


def queued(page: Page) -> list[dict]:
    """The commits waiting in the LMS page's localStorage (first-party, on the LMS origin)."""
    raw = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('tadrib.outbox.'))"
        ".map(k => localStorage.getItem(k))"
    )
    return [commit for value in raw for commit in json.loads(value)]


def held(trainee) -> tuple[list[int], dict]:
    """The sequences the server stored, and the newest data it holds (the live server may be
    writing to the shared in-memory database: read again until it is free)."""
    return wait_for(lambda: _held(trainee))


def _held(trainee) -> tuple[list[int], dict]:
    attempt = Attempt.objects.get(user=trainee)
    sequences = list(RuntimeCommit.objects.filter(attempt=attempt).values_list("sequence", flat=True))
    return sequences, attempt.state["i1"]["cmi"] if "i1" in attempt.state else {}


def test_no_commit_is_lost_when_the_network_drops_nor_when_the_tab_closes_offline(phone_page: Page):
    trainee, activity = trainee_with(package())
    context = phone_page.context
    tab = context.new_page()
    open_player(tab, trainee, activity)
    sco = sco_of(tab)
    sco.evaluate("save('p1')")
    wait_for(lambda: held(trainee)[1].get("cmi.core.lesson_location") == "p1")

    # The network drops: commits go on, into the LMS page's storage, and wait there.
    context.set_offline(True)
    sco.evaluate("save('p2')")
    sco.evaluate("save('p3')")
    expect(tab.frame_locator("#player-frame").locator("#status")).to_have_class("status offline")
    wait_for(lambda: [c["cmi"]["cmi.core.lesson_location"] for c in queued(tab)] == ["p2", "p3"])
    assert held(trainee)[0] == [1]

    # It returns: everything is sent, in order, and the queue empties.
    context.set_offline(False)
    wait_for(lambda: held(trainee)[0] == [1, 2, 3] and not queued(tab))
    assert held(trainee)[1]["cmi.core.lesson_location"] == "p3"

    # It drops again, and the trainee closes the tab before it returns.
    context.set_offline(True)
    sco.evaluate("save('p4')")
    sco.evaluate("save('p5')")
    wait_for(lambda: [c["cmi"]["cmi.core.lesson_location"] for c in queued(tab)] == ["p4", "p5"])
    tab.close()
    # Still offline, nothing more reached the server. (Once the network returns, a request the
    # closing page started may still get out; the next opening sends whatever is still queued.)
    assert held(trainee)[0] == [1, 2, 3]
    context.set_offline(False)

    # The next opening sends them first, and the lesson resumes from the newest of them.
    phone_page.goto(f"/play/activity/{activity.pk}/")
    sco = sco_of(phone_page, "p5")
    sequences, cmi = held(trainee)
    assert sequences[:5] == [1, 2, 3, 4, 5] and sequences == list(range(1, len(sequences) + 1))
    assert cmi["cmi.core.lesson_location"] == "p5" and cmi["cmi.suspend_data"] == "seen:p5"
    assert not queued(phone_page)

    # Online, closing the page sends a final commit.
    sco.evaluate("save('p6')")
    wait_for(lambda: held(trainee)[1].get("cmi.core.lesson_location") == "p6")
    phone_page.goto("/courses/learning/")
    final = wait_for(
        lambda: RuntimeCommit.objects.filter(attempt__user=trainee, is_terminate=True, session=2).first()
    )
    sequences, cmi = held(trainee)
    assert sequences == list(range(1, len(sequences) + 1)) and final.sequence == sequences[-1]
    assert cmi["cmi.core.lesson_location"] == "p6"
