"""A trainee completes their own profile; bad input saves nothing."""

import pytest

from lms.people.models import User
from tests.lms.factories import OrganisationFactory, UserFactory, governorate

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "full_name_ar": "زينب حسن",
        "full_name_latin": "Zainab Hassan",
        "gender": "female",
        "phone": "07701234567",
        "organisation": OrganisationFactory().pk,
        "governorate": governorate("basra").pk,
        "job_title": "محللة نظم",
        "preferred_language": "ar",
    }
    data.update(overrides)
    return data


def test_the_profile_page_needs_a_signed_in_person(client):
    response = client.get("/account/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def test_a_trainee_with_missing_fields_is_asked_to_complete_them(trainee_client):
    page = trainee_client.get("/account/profile/").content.decode()
    assert 'class="notice"' in page


def test_a_trainee_completes_the_profile(trainee, trainee_client):
    response = trainee_client.post("/account/profile/", _form())
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.job_title == "محللة نظم"
    assert str(trainee.phone) == "+9647701234567"
    assert trainee.profile_missing_fields == []


def test_an_invalid_phone_number_shows_the_error_and_saves_nothing(trainee, trainee_client):
    response = trainee_client.post("/account/profile/", _form(phone="12345", job_title="تغيير"))
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert response.context["form"].errors["phone"]
    trainee.refresh_from_db()
    assert trainee.phone is None
    assert trainee.job_title == ""


def test_a_phone_number_already_taken_is_refused(trainee, trainee_client):
    UserFactory(phone="+9647701234567")
    response = trainee_client.post("/account/profile/", _form())
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]


def test_a_trainee_sees_only_their_own_profile(trainee, trainee_client):
    other = UserFactory(email="other@example.iq", full_name_ar="شخص آخر", employee_number="SECRET-1")
    page = trainee_client.get("/account/profile/").content.decode()
    assert trainee.email in page
    assert other.email not in page
    assert "SECRET-1" not in page
    assert User.objects.get(pk=other.pk).full_name_ar == "شخص آخر"


def test_saving_the_preferred_language_switches_the_site(trainee, trainee_client):
    trainee_client.post("/account/profile/", _form(preferred_language="en"))
    page = trainee_client.get("/account/profile/").content.decode()
    assert '<html lang="en" dir="ltr">' in page
