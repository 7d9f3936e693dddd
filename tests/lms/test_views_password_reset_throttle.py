"""Password-reset links are rationed per address, not per network: a hub shares one address."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_allowances():
    cache.clear()
    yield
    cache.clear()


def _ask(email: str, *, capture, client: Client | None = None):
    with capture(execute=True):
        return (client or Client()).post("/account/password/reset/", {"email": email})


def test_a_fourth_link_in_an_hour_is_refused_with_a_message(django_capture_on_commit_callbacks):
    UserFactory(email="rasha@example.iq")
    for _ in range(3):
        assert _ask("rasha@example.iq", capture=django_capture_on_commit_callbacks).status_code == 302
    client = Client()
    client.cookies["tadrib_language"] = "en"
    refused = _ask("rasha@example.iq", capture=django_capture_on_commit_callbacks, client=client)
    assert refused.status_code == 429
    assert "Use the newest e-mail" in refused.text
    assert len(mail.outbox) == 3


def test_other_spellings_of_the_address_share_its_allowance(django_capture_on_commit_callbacks):
    UserFactory(email="rasha@example.iq")
    for variant in ["rasha@example.iq", "RASHA@example.iq", " Rasha@Example.IQ "]:
        _ask(variant, capture=django_capture_on_commit_callbacks)
    assert _ask("RASHA@EXAMPLE.IQ", capture=django_capture_on_commit_callbacks).status_code == 429
    assert len(mail.outbox) == 3


def test_people_of_one_hub_behind_one_address_each_get_their_link(django_capture_on_commit_callbacks):
    for n in range(12):
        UserFactory(email=f"hub{n}@example.iq")
    client = Client(REMOTE_ADDR="10.0.0.1")
    for n in range(12):
        assert (
            _ask(f"hub{n}@example.iq", capture=django_capture_on_commit_callbacks, client=client).status_code
            == 302
        )
    assert len(mail.outbox) == 12


def test_an_unknown_address_is_rationed_the_same_so_the_answer_tells_nothing(
    django_capture_on_commit_callbacks,
):
    answers = [
        _ask("nobody@example.iq", capture=django_capture_on_commit_callbacks).status_code for _ in range(4)
    ]
    assert answers == [302, 302, 302, 429]
    assert mail.outbox == []


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=st.one_of(st.text(max_size=300), st.emails(), st.just("a@b.iq\x00"), st.just("x" * 5000)))
def test_hostile_addresses_never_fail_the_server_and_send_nothing_unasked(
    email, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    response = _ask(email, capture=django_capture_on_commit_callbacks)
    assert response.status_code in (200, 302, 429)
    assert mail.outbox == []
