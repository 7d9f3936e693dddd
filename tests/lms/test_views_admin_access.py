"""Who may open the Wagtail admin."""

import pytest
from django.test import Client

from lms.people.roles import Role
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_trainee_cannot_open_the_admin(trainee_client):
    response = trainee_client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    assert trainee_client.get("/django-admin/").status_code == 302


def test_an_instructor_opens_the_admin_in_arabic():
    client = Client()
    client.force_login(UserFactory(role=Role.INSTRUCTOR))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_an_administrator_manages_users_with_tadrib_fields():
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    page = client.get("/admin/users/new/").content.decode()
    assert 'name="full_name_ar"' in page
    assert 'name="employee_number"' in page
    assert 'name="first_name"' not in page
