"""Which language a page is served in: preference, then cookie, then Arabic."""

import pytest

from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def _html_tag(response) -> str:
    page = response.content.decode()
    return page[page.index("<html") : page.index(">", page.index("<html")) + 1]


def test_arabic_right_to_left_is_the_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _html_tag(response) == '<html lang="ar" dir="rtl">'


def test_the_language_switcher_remembers_the_choice_in_a_cookie(client):
    response = client.post("/account/language/", {"language": "en", "next": "/account/sign-in/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/"
    assert _html_tag(client.get("/")) == '<html lang="en" dir="ltr">'
    client.post("/account/language/", {"language": "ckb", "next": "/"})
    assert _html_tag(client.get("/")) == '<html lang="ckb" dir="rtl">'


def test_an_unknown_language_or_foreign_next_url_changes_nothing(client):
    response = client.post("/account/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert _html_tag(client.get("/")) == '<html lang="ar" dir="rtl">'


def test_a_signed_in_person_keeps_their_language_on_any_device(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/account/language/", {"language": "ckb", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "ckb"
    other_device = client.__class__()
    other_device.force_login(user)
    assert _html_tag(other_device.get("/")) == '<html lang="ckb" dir="rtl">'
