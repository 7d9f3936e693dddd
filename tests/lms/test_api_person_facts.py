"""lms.api's bulk readers for reports: a person's main role, places and master trainer."""

import pytest

from lms import api
from lms.people.roles import Role
from tests.lms.factories import UserFactory, governorate

pytestmark = pytest.mark.django_db


def test_person_facts_take_the_highest_role_and_the_master_trainer():
    master = UserFactory(role=Role.MASTER_TRAINER)
    master.groups.add(*UserFactory(role=Role.INSTRUCTOR).groups.all())
    trainer = UserFactory(role=Role.INSTRUCTOR, master_trainer=master, governorate=governorate("najaf"))
    official = UserFactory()
    facts = api.person_facts(user_ids=[master.pk, trainer.pk, official.pk])
    assert facts[master.pk].role == "master_trainer"
    assert (facts[trainer.pk].role, facts[trainer.pk].master_trainer_id) == ("instructor", master.pk)
    assert facts[trainer.pk].governorate_id == governorate("najaf").pk
    assert facts[official.pk].role == "trainee"


def test_people_missing_place_and_hubs_coordinated():
    complete = UserFactory(governorate=governorate("basra"))
    complete.organisation = None
    complete.save()
    rows = {pk: (org, gov) for pk, org, gov in api.people_missing_place()}
    assert rows[complete.pk] == (True, False)
    assert api.hubs_coordinated_by(user_id=complete.pk) == []
