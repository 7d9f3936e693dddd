"""``make run`` loads the demo and prints one account per role; each one signs in."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from lms.people.roles import Role

pytestmark = pytest.mark.django_db


def _load_demo() -> str:
    out = StringIO()
    call_command("demo_load", "--force", stdout=out)
    return out.getvalue()


def test_each_printed_demo_account_signs_in_and_the_home_page_shows_the_centre(client):
    printed = _load_demo()
    accounts = re.findall(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$", printed, flags=re.MULTILINE)
    assert {role for role, _, _ in accounts} == {role.value for role in Role}
    for _, email, password in accounts:
        client = Client()
        response = client.post("/account/sign-in/", {"username": email, "password": password})
        assert response.status_code == 302, email
    page = client.get("/").content.decode()
    assert "جامعة البصرة" in page
    assert "الحكومة الإلكترونية" in page


def test_the_demo_loads_twice_without_duplicating_anything():
    from lms.people.models import Organisation, TrainingHub, User

    _load_demo()
    counts = (User.objects.count(), TrainingHub.objects.count(), Organisation.objects.count())
    _load_demo()
    assert (User.objects.count(), TrainingHub.objects.count(), Organisation.objects.count()) == counts
    assert TrainingHub.objects.filter(name_en="Basra Training Hub").count() == 1


def test_the_demo_refuses_to_load_with_debug_off():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("demo_load", stdout=StringIO())
