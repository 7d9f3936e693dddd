"""The player in the browser: a SCORM package runs on the content origin, resumes where the trainee
stopped, loses no commit offline, and cannot reach the LMS with the trainee's session."""

import datetime
import json
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone
from playwright.sync_api import Page, expect

from content.packages.services import package_import
from content.runtime.models import Attempt, RuntimeCommit
from courses.enrolment.services import enrolment_request
from courses.models import Activity, ActivityResult
from lms.people.roles import Role
from tests.content.packages.builders import scorm12_manifest, zip_bytes
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.e2e.pages import sign_in
from tests.lms.factories import PASSWORD, UserFactory

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")


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


def trainee_with(data: bytes, name: str = "package.zip"):
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    module = CourseModuleFactory(course=cohort.course)
    activity = ActivityFactory(module=module, kind=Activity.Kind.CONTENT, title="درس الغولف")
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    package_import(
        upload=SimpleUploadedFile(name, data), activity=activity, by=UserFactory(role=Role.INSTRUCTOR)
    )
    return trainee, activity


def wait_for(condition, timeout: float = 20.0, *, page: Page | None = None):
    """Polls ``condition`` (generously: the outbox alone may wait 8 s before it tries again).

    Give the ``page`` when it may open a dialog meanwhile: Playwright's synchronous API handles
    the page's events (a ``confirm()`` to accept) only while the test calls into it, and a page
    blocked in a dialog sends nothing.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except OperationalError:  # on SQLite in memory, the live server may hold the shared connection
            value = None
        if value:
            return value
        if page is not None:
            page.wait_for_timeout(200)
        else:
            time.sleep(0.2)
    raise AssertionError("the condition did not hold in time")


def open_player(page: Page, trainee, activity) -> None:
    page.goto("/account/sign-in/")
    sign_in(page, trainee.email, PASSWORD)
    page.goto(f"/play/activity/{activity.pk}/")


@needs_corpus
def test_golf_scorm12_is_left_half_way_and_resumes_at_the_saved_location(phone_page: Page, screenshot):
    trainee, activity = trainee_with((CORPUS / "scorm12" / "singlescobasic.zip").read_bytes())
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    open_player(page, trainee, activity)
    sco = page.frame_locator("#player-frame").frame_locator("#sco")
    for _ in range(3):
        sco.locator("#butNext").click()
    expect(sco.frame_locator("#contentFrame").locator("body")).to_be_visible()
    screenshot(page, "playing")
    # The full-page screenshot resized the phone's viewport and back; the SCO re-lays its frames
    # out on resize, so a click aimed at the button's place may meet another element. The button's
    # own click event is what a tap delivers.
    sco.locator("#butExit").dispatch_event("click")  # "save your progress to resume later?" — yes
    wait_for(
        lambda: RuntimeCommit.objects.filter(attempt__user=trainee, is_terminate=True).exists(), page=page
    )
    attempt = wait_for(lambda: Attempt.objects.get(user=trainee))
    saved = next(iter(attempt.state.values()))["cmi"]
    assert saved["cmi.core.lesson_location"] == "3"
    assert saved["cmi.core.exit"] == "suspend"

    # Open it again: the SCO is told to resume ("resume from where you left off?" — yes).
    page.goto(f"/play/activity/{activity.pk}/")
    sco = page.frame_locator("#player-frame").frame_locator("#sco")
    expect(sco.locator("#contentFrame")).to_have_attribute("src", "../Playing/OtherScoring.html")
    # To the end: the lesson is completed and the trainee's progress shows it.
    for _ in range(12):  # pages 4 to 16, the last one completes the lesson
        sco.locator("#butNext").click()
    expect(sco.locator("#butNext")).to_be_disabled()
    sco.locator("#butExit").dispatch_event("click")
    wait_for(lambda: ActivityResult.objects.filter(activity=activity, completed=True).exists(), page=page)
    page.goto("/courses/learning/")
    expect(page.locator("main")).to_contain_text("مكتمل")  # "Completed": the lesson completed the course
    screenshot(page, "my-learning")


SPY_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>spy</title></head><body>
<p id="report">waiting</p>
<script>
var seen = {cookie: document.cookie};
fetch("/account/profile/", {credentials: "include"})
  .then(function (r) { seen.here = r.status; })
  .catch(function () { seen.here = "error"; })
  .then(function () { return fetch("LMS/account/profile/", {credentials: "include"}); })
  .then(function (r) { seen.lms = "read " + r.status; }, function () { seen.lms = "blocked"; })
  .then(function () { document.getElementById("report").textContent = JSON.stringify(seen); });
</script></body></html>"""


def test_a_package_cannot_read_the_session_cookie_nor_reach_the_lms_with_it(phone_page: Page, live_server):
    manifest = scorm12_manifest(
        '<item identifier="i1" identifierref="r1"><title>spy</title></item>',
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">'
        '<file href="index.html"/></resource>',
    )
    page_html = SPY_PAGE.replace("LMS/", live_server.url + "/")
    trainee, activity = trainee_with(zip_bytes({"imsmanifest.xml": manifest, "index.html": page_html}))
    open_player(phone_page, trainee, activity)
    assert any(cookie["name"] == "sessionid" for cookie in phone_page.context.cookies())
    report = phone_page.frame_locator("#player-frame").frame_locator("#sco").locator("#report")
    expect(report).not_to_have_text("waiting")
    seen = json.loads(report.text_content())
    assert seen["cookie"] == ""  # the LMS cookies are host-only on localhost: none reach the package
    assert seen["here"] == 404  # LMS pages do not exist on the content origin
    assert seen["lms"] == "blocked"  # the LMS sends no CORS headers: the answer is never readable
