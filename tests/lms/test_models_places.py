"""Governorates are seeded; organisations form a valid tree."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lms.people.models import Governorate, Organisation
from tests.lms.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_nineteen_governorates_are_seeded_in_three_languages():
    assert Governorate.objects.count() == 19
    halabja = Governorate.objects.get(code="halabja")
    with translation.override("ar"):
        assert halabja.name == "حلبجة"
    with translation.override("ckb"):
        assert halabja.name == "هەڵەبجە"
    with translation.override("en"):
        assert halabja.name == "Halabja"
    assert not Governorate.objects.filter(name_ckb="").exists()


def test_a_directorate_sits_under_a_ministry_but_not_under_a_faculty():
    ministry = OrganisationFactory(kind=Organisation.Kind.MINISTRY)
    university = OrganisationFactory(kind=Organisation.Kind.UNIVERSITY)
    faculty = OrganisationFactory(kind=Organisation.Kind.FACULTY, parent=university)
    OrganisationFactory.build(kind=Organisation.Kind.DIRECTORATE, parent=ministry).full_clean()
    with pytest.raises(ValidationError):
        OrganisationFactory.build(kind=Organisation.Kind.DIRECTORATE, parent=faculty).full_clean()


def test_an_organisation_cannot_be_its_own_ancestor():
    ministry = OrganisationFactory(kind=Organisation.Kind.OTHER)
    child = OrganisationFactory(kind=Organisation.Kind.OTHER, parent=ministry)
    ministry.parent = child
    with pytest.raises(ValidationError):
        ministry.full_clean()
