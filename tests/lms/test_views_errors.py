"""Error pages (403, 404, 500) in the reader's language and direction, with a way back."""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from prometheus_client import REGISTRY

from lms.observability.logs import JsonFormatter
from lms.people.roles import Role
from tests.lms.factories import UserFactory

NOT_FOUND = {"ar": "الصفحة غير موجودة", "en": "Page not found", "ckb": "پەڕەکە نەدۆزرایەوە"}
NOT_ALLOWED = {
    "ar": "لا يمكنك فتح هذه الصفحة",
    "en": "You may not open this page",
    "ckb": "ناتوانیت ئەم پەڕەیە بکەیتەوە",
}
FAILED = {"ar": "حدث خطأ ما", "en": "Something went wrong", "ckb": "هەڵەیەک ڕوویدا"}
DIRECTION = {"ar": "rtl", "en": "ltr", "ckb": "rtl"}


def reader(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page_in(response, status: int, language: str, heading: str) -> str:
    """The page's text, once it is known to say ``heading`` with the status, language and direction."""
    assert response.status_code == status
    page = response.content.decode()
    assert f'lang="{language}" dir="{DIRECTION[language]}"' in page
    assert heading in page
    assert 'href="/"' in page, "a way back to the home page"
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_a_missing_page_says_so_in_the_readers_language_with_the_sites_layout(language):
    page = page_in(reader(language).get("/no/such/page/"), 404, language, NOT_FOUND[language])
    assert 'class="site-header"' in page and 'class="language-switcher"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_a_refused_page_gives_the_reason_in_the_readers_language(language):
    client = reader(language)
    client.force_login(UserFactory(preferred_language=language))
    page = page_in(client.get(reverse("courses:teaching_cohorts")), 403, language, NOT_ALLOWED[language])
    assert 'class="site-header"' in page


@pytest.mark.django_db
@pytest.mark.urls("tests.lms.urls_failing")
@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_a_server_error_says_so_in_the_readers_language(language):
    page = page_in(reader(language).get("/broken/?page=2"), 500, language, FAILED[language])
    assert 'href="/broken/?page=2"' in page, "a way to try again"
    assert "a bug in a view" not in page, "no detail of the fault reaches the reader"


@pytest.mark.urls("tests.lms.urls_failing")
def test_the_server_error_page_renders_when_the_database_is_down():
    """No database in this test: any query raises, as it would with PostgreSQL down. The session
    cookie makes the middleware itself fail (it loads the session), before choosing a language."""
    client = reader("en")
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-that-needs-the-database"
    page_in(client.get("/broken/"), 500, "en", FAILED["en"])


UNAVAILABLE = {
    "ar": "الخدمة غير متاحة لوقت قصير",
    "en": "The service is briefly unavailable",
    "ckb": "خزمەتگوزارییەکە بۆ ماوەیەکی کورت بەردەست نییە",
}
NO_ROOM = {
    "ar": "لا توجد مساحة لحفظ هذا",
    "en": "There is no room to store this",
    "ckb": "شوێن نییە بۆ هەڵگرتنی ئەمە",
}
STORAGE_DOWN = {
    "ar": "لا يستطيع الخادم الوصول إلى مخزن ملفاته",
    "en": "cannot reach its file storage",
    "ckb": "ناتوانێت بگات بە کۆگای فایلەکانی",
}


@pytest.mark.urls("tests.lms.urls_failing")
@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_a_database_out_of_reach_is_503_with_retry_after_not_a_bug(language):
    response = reader(language).get("/database-down/", headers={"Accept": "text/html"})
    page_in(response, 503, language, UNAVAILABLE[language])
    assert int(response["Retry-After"]) > 0


@pytest.mark.urls("tests.lms.urls_failing")
def test_a_program_asking_for_data_gets_the_503_as_json():
    """The player's outbox and xAPI clients: a JSON answer they can read, with Retry-After."""
    response = reader("ar").post("/database-down/", headers={"Accept": "*/*"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"error": str(response.json()["error"])}
    assert "قاعدة بياناته" in response.json()["error"]


@pytest.mark.urls("tests.lms.urls_failing")
@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_a_full_disk_is_refused_as_507_in_the_readers_language(language):
    response = reader(language).post("/disk-full/", headers={"Accept": "text/html"})
    page_in(response, 507, language, NO_ROOM[language])
    assert "Retry-After" not in response


@pytest.mark.urls("tests.lms.urls_failing")
@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_object_storage_out_of_reach_is_503_with_retry_after_in_the_readers_language(language):
    response = reader(language).get("/storage-down/", headers={"Accept": "text/html"})
    page = page_in(response, 503, language, UNAVAILABLE[language])
    assert STORAGE_DOWN[language] in page
    assert int(response["Retry-After"]) > 0
    assert "127.0.0.1:9" not in page and "Traceback" not in page


@pytest.mark.urls("tests.lms.urls_failing")
def test_object_storage_out_of_reach_is_logged_once_as_a_warning_with_the_request_id(caplog):
    request_id = "5a0c2b9e0d7a46c3b5e8a1f2c3d4e5f6"
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = reader("ar").get("/storage-down/", headers={"Accept": "*/*"}, HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 503 and "مخزن ملفاته" in response.json()["error"]
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["request_id"] == request_id
    assert "EndpointConnectionError" in line["message"] and "/storage-down/" in line["message"]
    assert record.exc_info is None, "an outage is not a bug: no traceback"


@pytest.mark.urls("tests.lms.urls_failing")
def test_each_storage_outage_answer_is_counted_by_view_and_service():
    def counted() -> float:
        return (
            REGISTRY.get_sample_value(
                "tadrib_http_unavailable_total",
                {"view": "tests.lms.urls_failing.storage_down", "service": "storage"},
            )
            or 0.0
        )

    before = counted()
    reader("en").get("/storage-down/")
    assert counted() == before + 1


@pytest.mark.urls("tests.lms.urls_failing")
def test_a_storage_that_answers_but_refuses_the_key_is_still_a_500():
    response = reader("en").get("/storage-refuses/", headers={"Accept": "text/html"})
    page_in(response, 500, "en", FAILED["en"])
    assert "Retry-After" not in response


CUT_OFF = {
    "ar": "لم يصل طلبك كاملًا",
    "en": "Your request did not arrive whole",
    "ckb": "داواکارییەکەت بە تەواوی نەگەیشت",
}


class LinkDroppedWhileSending:
    """A request body whose sender's link dropped half-way: the server's read is reset."""

    def read(self, *args) -> bytes:
        raise ConnectionResetError(104, "Connection reset by peer")

    readline = read


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_a_request_cut_off_while_sending_is_a_408_in_the_readers_language_not_a_bug(language, caplog):
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = reader(language).generic(
            "POST",
            reverse("people:login"),
            b"email=a%40b.iq&password=x",
            content_type="application/x-www-form-urlencoded",
            headers={"Accept": "text/html"},
            **{"wsgi.input": LinkDroppedWhileSending()},
        )
    page_in(response, 408, language, CUT_OFF[language])
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "WARNING" and record.exc_info is None, "the mobile link, not a bug"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_admin"), [(None, False), (Role.INSTRUCTOR, True), (Role.PROGRAMME_MANAGER, True)]
)
def test_staff_see_a_link_to_the_admin_in_the_header(role, sees_admin):
    client = Client()
    client.force_login(UserFactory(role=role))
    page = client.get("/").content.decode()
    assert ('href="/admin/"' in page) is sees_admin
