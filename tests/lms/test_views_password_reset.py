"""Resetting a forgotten password by e-mail, in the person's language."""

import re

import pytest
from django.core import mail

from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_reset_link_arrives_and_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="zainab@example.iq")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/password/reset/", {"email": "zainab@example.iq"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "كلمة مرور" in message.body
    link = re.search(r"http://\S+(/account/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/password/reset/", {"email": "nobody@example.iq"})
    assert response.status_code == 302
    assert mail.outbox == []
