"""The user model: identifiers, names in two scripts, profile completeness."""

import pytest
from django.db import IntegrityError
from django.utils import translation

from lms.people.models import User
from tests.lms.factories import OrganisationFactory, UserFactory, governorate

pytestmark = pytest.mark.django_db


def test_a_person_needs_at_least_one_identifier():
    with pytest.raises(IntegrityError):
        User.objects.create_user(email=None, full_name_ar="بلا معرف")


def test_a_phone_only_person_is_stored_in_international_form():
    user = User.objects.create_user(phone="07701234567", full_name_ar="حسين")
    user.refresh_from_db()
    assert str(user.phone) == "+9647701234567"


def test_empty_identifiers_are_stored_as_null_so_many_people_may_lack_them():
    User.objects.create_user(email="", employee_number="E-1", full_name_ar="أ")
    User.objects.create_user(email="", employee_number="E-2", full_name_ar="ب")
    assert User.objects.filter(email__isnull=True).count() == 2


def test_full_name_follows_the_active_language():
    user = UserFactory(full_name_ar="زينب علي", full_name_latin="Zainab Ali")
    with translation.override("ar"):
        assert user.get_full_name() == "زينب علي"
    with translation.override("en"):
        assert user.get_full_name() == "Zainab Ali"


def test_profile_reports_the_fields_a_trainee_must_still_complete():
    user = UserFactory()
    assert user.profile_missing_fields == ["organisation", "governorate", "job_title"]
    user.organisation = OrganisationFactory()
    user.governorate = governorate("najaf")
    user.job_title = "مبرمج"
    assert user.profile_missing_fields == []
