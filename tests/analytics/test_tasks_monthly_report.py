"""The monthly report: Celery beat sends each centre director last month's PDF, in their language."""

import shutil
import subprocess

import pytest
from celery import current_app
from django.core import mail

from analytics.tasks import monthly_report_send
from lms.people.roles import Role
from tests.analytics.factories import built_world
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_beat_sends_it_on_the_first_of_the_month():
    entry = current_app.conf.beat_schedule["analytics-monthly-report"]
    assert entry["task"] == monthly_report_send.name == "analytics.monthly_report_send"
    assert entry["schedule"].day_of_month == {1}


def test_each_director_gets_the_pdf_attached_in_their_language(monkeypatch, tmp_path):
    built_world(monkeypatch)
    arabic = UserFactory(role=Role.CENTRE_DIRECTOR, preferred_language="ar")
    english = UserFactory(role=Role.CENTRE_DIRECTOR, preferred_language="en")
    UserFactory(
        role=Role.CENTRE_DIRECTOR, email=None, phone="+9647701234567"
    )  # no address: skipped, not an error
    UserFactory(role=Role.PROGRAMME_MANAGER)  # not a director: not sent
    assert monthly_report_send.apply().get() == 2
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {arabic.email, english.email}
    for message in sent.values():
        ((name, pdf, kind),) = message.attachments
        assert kind == "application/pdf" and name.endswith(".pdf") and pdf.startswith(b"%PDF")
    assert sent[arabic.email].subject.startswith("تقرير انتشار التدريب")
    assert sent[english.email].subject.startswith("Training reach report")
    if shutil.which("pdftotext"):
        assert "Training reach report" in pdf_text(sent[english.email].attachments[0][1], tmp_path)
        assert "Training reach report" not in pdf_text(sent[arabic.email].attachments[0][1], tmp_path)
