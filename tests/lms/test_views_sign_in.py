"""Signing in and out, and the lock after repeated wrong passwords."""

import pytest
from django.test import Client

from tests.lms.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, identifier: str, password: str):
    return client.post("/account/sign-in/", {"username": identifier, "password": password})


def test_a_trainee_signs_in_and_lands_on_the_home_page():
    UserFactory(email="trainee@example.iq")
    client = Client()
    response = _sign_in(client, "trainee@example.iq", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session.get("_auth_user_id")


def test_a_wrong_password_shows_a_translated_error_and_signs_nobody_in():
    UserFactory(email="trainee@example.iq")
    client = Client()
    response = _sign_in(client, "trainee@example.iq", "wrong")
    assert response.status_code == 200
    assert "كلمة المرور" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password():
    UserFactory(email="trainee@example.iq")
    client = Client()
    for _ in range(5):
        _sign_in(client, "trainee@example.iq", "wrong")
    response = _sign_in(client, "trainee@example.iq", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "محاولات" in page
    assert not client.session.get("_auth_user_id")


def test_the_lock_message_follows_the_chosen_language():
    UserFactory(email="trainee@example.iq")
    client = Client()
    client.cookies["tadrib_language"] = "en"
    for _ in range(6):
        response = _sign_in(client, "trainee@example.iq", "wrong")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_signing_out_needs_a_post_and_ends_the_session(trainee_client):
    assert trainee_client.get("/account/sign-out/").status_code == 405
    trainee_client.post("/account/sign-out/")
    assert not trainee_client.session.get("_auth_user_id")
