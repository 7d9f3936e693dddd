"""Enrolment news by e-mail and SMS, in the trainee's language; the HTTP SMS backend against a
fake gateway on 127.0.0.1."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import translation

from courses.enrolment.services import enrolment_approve, enrolment_reject, enrolment_request
from courses.models import Cohort, Enrolment
from courses.notifications.sms import SmsError, SmsTemporaryError, sms_backend
from courses.notifications.sms.console import ConsoleBackend
from courses.notifications.sms.http import HttpBackend
from courses.tasks import enrolment_sms
from lms.people.roles import Role
from tests.courses.factories import CohortFactory
from tests.lms.factories import UserFactory

ARABIC = "لديك مقعد في دورة أطر الحوكمة الإلكترونية — البصرة، آذار"


class FakeGateway(ThreadingHTTPServer):
    """An SMS gateway that keeps what it receives and answers with ``status`` after ``delay`` s."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _GatewayHandler)
        self.received: list[dict] = []
        self.status = 202
        self.delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/messages"


class _GatewayHandler(BaseHTTPRequestHandler):
    server: FakeGateway

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "headers": dict(self.headers), "raw": raw})
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "msg-1"}')

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    server = FakeGateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# --- The HTTP backend -----------------------------------------------------------------------


def test_a_message_is_posted_as_json_with_the_api_key(gateway):
    HttpBackend(url=gateway.url, token="secret-key").send(to="+9647701234567", text="Hello")
    [request] = gateway.received
    assert request["path"] == "/messages"
    assert request["headers"]["Authorization"] == "Bearer secret-key"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert json.loads(request["raw"]) == {"to": "+9647701234567", "text": "Hello"}


def test_arabic_text_reaches_the_gateway_intact_in_utf8(gateway):
    HttpBackend(url=gateway.url, token="k").send(to="+9647701234567", text=ARABIC)
    raw = gateway.received[0]["raw"]
    assert ARABIC.encode("utf-8") in raw
    assert json.loads(raw.decode("utf-8"))["text"] == ARABIC


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_a_gateway_in_trouble_raises_a_retryable_error(gateway, status):
    gateway.status = status
    with pytest.raises(SmsTemporaryError):
        HttpBackend(url=gateway.url, token="k").send(to="+9647701234567", text="Hello")


def test_a_refused_message_is_not_retried(gateway):
    gateway.status = 400
    with pytest.raises(SmsError) as refused:
        HttpBackend(url=gateway.url, token="k").send(to="+9640", text="Hello")
    assert not isinstance(refused.value, SmsTemporaryError)


def test_no_connection_or_a_slow_gateway_is_retryable(gateway):
    gateway.delay = 1.0
    with pytest.raises(SmsTemporaryError):
        HttpBackend(url=gateway.url, token="k", timeout=0.2).send(to="+9647701234567", text="Hello")
    closed = gateway.url
    gateway.shutdown()
    gateway.server_close()
    with pytest.raises(SmsTemporaryError):
        HttpBackend(url=closed, token="k", timeout=1).send(to="+9647701234567", text="Hello")


def test_only_web_addresses_are_accepted_as_gateways():
    with pytest.raises(SmsError):
        HttpBackend(url="file:///etc/passwd", token="k")


def test_the_backend_is_chosen_by_setting(settings, gateway):
    assert isinstance(sms_backend(), ConsoleBackend)
    settings.COURSES_SMS_BACKEND = "courses.notifications.sms.http.HttpBackend"
    settings.COURSES_SMS_GATEWAY_URL = gateway.url
    settings.COURSES_SMS_GATEWAY_TOKEN = "from-settings"
    backend = sms_backend()
    assert isinstance(backend, HttpBackend)
    backend.send(to="+9647701234567", text="Hi")
    assert gateway.received[0]["headers"]["Authorization"] == "Bearer from-settings"


def test_the_console_backend_writes_the_message(capsys):
    ConsoleBackend().send(to="+9647701234567", text=ARABIC)
    assert ARABIC in capsys.readouterr().out


# --- Enrolment news -------------------------------------------------------------------------


class RecordingBackend:
    """Keeps each message and the language active when it was written."""

    sent: list[dict] = []

    def send(self, *, to: str, text: str) -> None:
        self.sent.append({"to": to, "text": text})


@pytest.fixture
def recorded_sms(settings) -> list[dict]:
    settings.COURSES_SMS_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.sent = []
    return RecordingBackend.sent


@pytest.fixture
def request_waiting_approval(db):
    def make(**person):
        cohort = CohortFactory(enrolment_mode=Cohort.EnrolmentMode.APPROVAL)
        return enrolment_request(user=UserFactory(**person), cohort=cohort)

    return make


def test_an_approval_emails_the_trainee_in_their_language(
    request_waiting_approval, django_capture_on_commit_callbacks, recorded_sms
):
    enrolment = request_waiting_approval(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_approve(enrolment=enrolment, by=UserFactory(role=Role.HUB_COORDINATOR))
    [message] = mail.outbox
    assert message.to == [enrolment.user.email]
    assert message.subject == "Tadrib: your enrolment"
    assert f"You have a place in {enrolment.cohort.course.title} ({enrolment.cohort.title})." in message.body
    assert recorded_sms == []  # no phone number, no SMS


def test_the_email_and_the_sms_are_written_in_the_trainees_language(
    request_waiting_approval, django_capture_on_commit_callbacks, recorded_sms, monkeypatch
):
    languages = []
    real_send_mail = mail.send_mail

    def send_mail(**kwargs):
        languages.append(translation.get_language())
        return real_send_mail(**kwargs)

    monkeypatch.setattr("courses.notifications.enrolment.send_mail", send_mail)
    enrolment = request_waiting_approval(preferred_language="ckb", phone="+9647701234567")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        enrolment_approve(enrolment=enrolment, by=UserFactory(role=Role.HUB_COORDINATOR))
    assert languages == ["ckb"]
    assert len(mail.outbox) == 1
    [sms] = recorded_sms
    assert sms["to"] == "+9647701234567"
    with translation.override("ckb"):
        expected = translation.gettext("You have a place in %(course)s (%(cohort)s).") % {
            "course": enrolment.cohort.course.title,
            "cohort": enrolment.cohort.title,
        }
    assert expected in sms["text"]


def test_a_rejection_tells_the_reason(
    request_waiting_approval, django_capture_on_commit_callbacks, recorded_sms
):
    enrolment = request_waiting_approval(preferred_language="en", phone="+9647701234568")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_reject(enrolment=enrolment, by=UserFactory(), reason="الدفعة مخصصة لموظفي البصرة")
    assert "الدفعة مخصصة لموظفي البصرة" in mail.outbox[0].body
    assert "الدفعة مخصصة لموظفي البصرة" in recorded_sms[0]["text"]


def test_a_gateway_that_is_down_does_not_break_the_approval_nor_resend_the_email(
    request_waiting_approval, django_capture_on_commit_callbacks, settings, gateway
):
    settings.COURSES_SMS_BACKEND = "courses.notifications.sms.http.HttpBackend"
    settings.COURSES_SMS_GATEWAY_URL = gateway.url
    gateway.status = 503
    enrolment = request_waiting_approval(preferred_language="en", phone="+9647701234569")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_approve(enrolment=enrolment, by=UserFactory())
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.APPROVED
    assert len(mail.outbox) == 1
    assert len(gateway.received) == 1


def test_the_sms_task_retries_with_growing_delays_while_the_gateway_is_down(
    request_waiting_approval, settings, gateway, monkeypatch
):
    settings.COURSES_SMS_BACKEND = "courses.notifications.sms.http.HttpBackend"
    settings.COURSES_SMS_GATEWAY_URL = gateway.url
    gateway.status = 500
    enrolment = request_waiting_approval(phone="+9647701234560")
    countdowns = []

    def retry(*, exc, countdown):
        assert isinstance(exc, SmsTemporaryError)
        countdowns.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(enrolment_sms, "retry", retry)
    for retries in range(3):
        enrolment_sms.push_request(retries=retries, is_eager=False)
        try:
            with pytest.raises(Retry):
                enrolment_sms.run(enrolment_id=enrolment.pk, state=Enrolment.State.APPROVED)
        finally:
            enrolment_sms.pop_request()
    assert countdowns == [60, 120, 240]
