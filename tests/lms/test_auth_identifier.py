"""Signing in with an e-mail address, a phone number or an employee number."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from tests.lms.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(email="Zainab@Example.iq", phone="+9647801112233", employee_number="MOP-4411")


@pytest.mark.parametrize(
    "identifier", ["zainab@example.iq", "ZAINAB@EXAMPLE.IQ", "07801112233", "+964 780 111 2233", "MOP-4411"]
)
def test_each_identifier_signs_the_person_in(person, identifier):
    request = RequestFactory().post("/account/sign-in/")
    assert authenticate(request, username=identifier, password=PASSWORD) == person


@pytest.mark.parametrize("identifier", ["unknown@example.iq", "07000000000", "", "not a number"])
def test_unknown_identifiers_do_not(person, identifier):
    request = RequestFactory().post("/account/sign-in/")
    assert authenticate(request, username=identifier, password=PASSWORD) is None


def test_an_inactive_person_cannot_sign_in(person):
    person.is_active = False
    person.save()
    request = RequestFactory().post("/account/sign-in/")
    assert authenticate(request, username="MOP-4411", password=PASSWORD) is None
