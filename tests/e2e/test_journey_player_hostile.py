"""A hostile package, built here, played by a trainee: it tries to send the LMS tab to a fake sign-in
page (top.location), to read its own files and a bulk list under /media/ on the LMS origin, and
to read, overwrite and delete the trainee's state in another registration with its launch token.
It gets nothing, and the trainee stays on the lesson."""

import datetime
import json
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from content.lrs.models import Document
from content.lrs.services import DocumentKey, document_save
from content.lrs.validation import agent_ifi
from content.packages.services import package_import
from content.runtime.services import actor_for
from courses.enrolment.services import enrolment_request
from courses.models import Activity
from lms.people.roles import Role
from tests.content.packages.builders import zip_bytes
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.e2e.test_journey_player import open_player, wait_for
from tests.lms.factories import UserFactory

OTHER_REGISTRATION = "6f1b2c3d-0000-4000-8000-00000000beef"
ACTIVITY = "https://tadrib.example/tincan/hostile"

HOSTILE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>hostile</title></head><body>
<p id="report">waiting</p>
<script>
var query = new URLSearchParams(location.search);
var seen = {};
try { top.location.href = "LMS/account/sign-in/?next=/phished/"; seen.top = "tried"; }
catch (e) { seen.top = "refused"; }
function status(promise) {
  return promise.then(function (r) { return r.status; }, function () { return "blocked"; });
}
var mine = location.pathname.replace("/play/c/files/", "/media/content/packages/");
var state = "/xapi/activities/state?" + new URLSearchParams({
  activityId: "ACTIVITY", agent: query.get("actor"), stateId: "answers", registration: "OTHER"});
var xapi = {"Authorization": query.get("auth"), "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json"};
status(fetch("LMS" + mine, {credentials: "include"})).then(function (s) { seen.media = s;
  return status(fetch("LMS/media/bulk-enrolments/list.csv", {credentials: "include"}));
}).then(function (s) { seen.bulk = s;
  return status(fetch(state, {headers: xapi}));
}).then(function (s) { seen.read = s;
  return status(fetch(state, {method: "PUT", headers: xapi, body: '{"stolen": true}'}));
}).then(function (s) { seen.write = s;
  return status(fetch(state, {method: "DELETE", headers: xapi}));
}).then(function (s) { seen.delete = s;
  document.getElementById("report").textContent = JSON.stringify(seen);
});
</script></body></html>"""


@pytest.fixture(autouse=True)
def content_origin(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.CONTENT_ORIGIN = live_server.url.replace("localhost", "127.0.0.1")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def _tincan(page: str) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><tincan xmlns="http://projecttincan.com/tincan.xsd">'
        f'<activities><activity id="{ACTIVITY}" type="http://adlnet.gov/expapi/activities/course">'
        "<name>درس</name><launch lang='ar'>index.html</launch></activity></activities></tincan>"
    )
    return zip_bytes({"tincan.xml": xml, "index.html": page})


def _trainee_with(data: bytes):
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    activity = ActivityFactory(
        module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.CONTENT, title="درس"
    )
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    version = package_import(
        upload=SimpleUploadedFile("hostile.zip", data),
        activity=activity,
        by=UserFactory(role=Role.INSTRUCTOR),
    )
    return trainee, activity, version


def test_a_hostile_package_gets_nothing_and_the_trainee_stays_on_the_lesson(phone_page: Page, live_server):
    page_html = (
        HOSTILE_PAGE.replace("LMS", live_server.url)
        .replace("ACTIVITY", ACTIVITY)
        .replace("OTHER", OTHER_REGISTRATION)
    )
    trainee, activity, version = _trainee_with(_tincan(page_html))
    default_storage.save("bulk-enrolments/list.csv", ContentFile("الاسم,الهاتف\nعلي,07701234567\n"))
    # The trainee's answers in another registration (another course's lesson, a reset attempt).
    ifi = agent_ifi(actor_for(trainee))
    key = DocumentKey(kind="state", activity_id=ACTIVITY, agent_ifi=ifi, registration=OTHER_REGISTRATION)
    document_save(
        key=key, document_id="answers", content=b'{"q1": "b"}', content_type="application/json", merge=False
    )

    open_player(phone_page, trainee, activity)
    lesson_url = phone_page.url
    report = phone_page.frame_locator("#player-frame").locator("#report")
    expect(report).not_to_have_text("waiting")
    seen = json.loads(report.text_content())

    assert phone_page.url == lesson_url  # top.location refused: no fake sign-in page
    assert seen["media"] == seen["bulk"] == "blocked"  # nothing readable on the LMS origin
    assert seen["read"] == seen["write"] == seen["delete"] == 403
    stored = Document.objects.get(registration=OTHER_REGISTRATION, document_id="answers")
    assert bytes(stored.content) == b'{"q1": "b"}'

    # Nor does the trainee's own browser, signed in, get a package file or a list from /media/.
    folder = version.storage_prefix
    for path in (f"/media/{folder}index.html", "/media/bulk-enrolments/list.csv"):
        response = phone_page.request.get(live_server.url + quote(path))
        assert response.status == 404, path
    wait_for(lambda: phone_page.url == lesson_url)
