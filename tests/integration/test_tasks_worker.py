"""Tasks queued by the web process are run by a separate Celery worker, over Redis."""

import re
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from lms.people.models import User
from lms.people.tasks import email_send


def test_email_send_is_run_by_the_worker(celery_worker, sent_mail):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    subject = f"Cohort starts on Sunday {uuid.uuid4()}"

    result = email_send.delay(subject=subject, body="Bring your laptop.", to=["trainee@example.org"])

    assert result.get(timeout=60) == 1
    assert result.worker == celery_worker
    assert "trainee@example.org" in sent_mail(subject)


# serialized_rollback on every transactional test here: a plain one's flush re-runs post_migrate
# (role groups), whose rows the next serialized test would then restore a second time.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_password_reset_mail_is_sent_by_the_worker(celery_worker, sent_mail, client):
    email = f"reset-{uuid.uuid4().hex[:8]}@example.org"
    User.objects.create_user(email=email, password="old-password-123", full_name_ar="مدربة")

    response = client.post(reverse("people:password_reset"), {"email": email})

    assert response.status_code == 302
    mail = sent_mail(email)
    link = re.search(r"https?://[^/\s]+(/account/password/reset/[^/\s]+/[^/\s]+/)", mail)
    assert link, mail
    # The link in the e-mail works: it leads to the form for choosing a new password.
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    assert "new_password1" in page.content.decode()
