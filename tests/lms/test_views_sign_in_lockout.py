"""The lock after repeated wrong passwords counts a person once, however they are named.

Sign-in reads an identifier trimmed, case-folded, NFKC-normalised and (for a phone number) in
E.164; the lock must read it the same way, or each variant earns five more guesses.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.people.models import User
from tests.lms.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL_VARIANTS = [
    "TRAINEE@EXAMPLE.IQ",
    "Trainee@Example.iq",
    "  trainee@example.iq ",
    "ｔｒａｉｎｅｅ＠ｅｘａｍｐｌｅ．ｉｑ",  # full-width, as some phone keyboards type it
]
PHONE_VARIANTS = [
    "07801112233",
    "+964 780 111 2233",
    "00964-780-111-2233",
    "٠٧٨٠١١١٢٢٣٣",
    "０７８０１１１２２３３",
]


def _sign_in(client: Client, identifier: str, password: str):
    return client.post("/account/sign-in/", {"username": identifier, "password": password})


def _lock(identifier: str) -> None:
    for _ in range(5):
        _sign_in(Client(), identifier, "wrong")


@pytest.mark.parametrize("variant", EMAIL_VARIANTS)
def test_a_locked_address_stays_locked_under_another_spelling(variant):
    UserFactory(email="trainee@example.iq")
    _lock("trainee@example.iq")
    client = Client()
    response = _sign_in(client, variant, PASSWORD)
    assert response.status_code == 429
    assert not client.session.get("_auth_user_id")


@pytest.mark.parametrize("variant", PHONE_VARIANTS)
def test_a_locked_phone_number_stays_locked_however_it_is_typed(variant):
    UserFactory(email=None, phone="+9647801112233")
    _lock("07801112233")
    response = _sign_in(Client(), variant, PASSWORD)
    assert response.status_code == 429


def test_wrong_guesses_under_several_spellings_add_up_to_one_lock():
    UserFactory(email="trainee@example.iq")
    for variant in ["trainee@example.iq", *EMAIL_VARIANTS]:
        _sign_in(Client(), variant, "wrong")
    assert _sign_in(Client(), "trainee@example.iq", PASSWORD).status_code == 429


def test_a_person_has_one_counter_across_their_address_and_phone():
    UserFactory(email="trainee@example.iq", phone="+9647801112233")
    _lock("trainee@example.iq")
    assert _sign_in(Client(), "07801112233", PASSWORD).status_code == 429


def test_the_right_password_under_a_variant_signs_in_when_not_locked():
    UserFactory(email="trainee@example.iq")
    client = Client()
    response = _sign_in(client, "ｔｒａｉｎｅｅ＠ｅｘａｍｐｌｅ．ｉｑ", PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_variants_of_an_unknown_identifier_share_a_key():
    from lms.people.auth import identifier_normalise, lockout_key

    keys = {lockout_key(None, {"username": v}) for v in ["nobody@example.iq", " NOBODY@example.IQ "]}
    assert keys == {"nobody@example.iq"}
    assert (
        identifier_normalise("٠٧٨٠١١١٢٢٣٣") == identifier_normalise("+964 780 111 2233") == "+9647801112233"
    )


@pytest.fixture
def person():
    return UserFactory(email="trainee@example.iq", phone="+9647801112233")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    identifier=st.one_of(
        st.text(max_size=300),
        st.text(max_size=40).map(lambda s: s + "@example.iq"),
        st.from_regex(r"[+0٠０][0-9٠-٩ -]{0,30}", fullmatch=True),
        st.sampled_from(["\x00", "trainee@example.iq\x00", "trainee@example.iq\n", "0" * 400]),
    ),
    password=st.one_of(st.text(max_size=100), st.just(PASSWORD)),
)
def test_hostile_identifiers_never_fail_the_server_and_a_refusal_changes_nobody(person, identifier, password):
    before = list(User.objects.order_by("pk").values())
    client = Client()
    response = _sign_in(client, identifier, password)
    assert response.status_code in (200, 302, 429)
    if response.status_code != 302:
        assert not client.session.get("_auth_user_id")
        assert list(User.objects.order_by("pk").values()) == before
