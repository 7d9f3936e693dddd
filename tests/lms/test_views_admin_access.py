"""Who may open the Wagtail admin."""

import pytest
from django.test import Client
from django.urls import reverse

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


def test_an_administrator_sets_a_trainers_master_trainer_from_the_master_trainers():
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    master = UserFactory(role=Role.MASTER_TRAINER, full_name_ar="المدرب الرئيسي")
    other = UserFactory(role=Role.INSTRUCTOR, full_name_ar="مدرب آخر")
    trainer = UserFactory(role=Role.INSTRUCTOR, full_name_ar="المدرب")
    page = client.get(reverse("wagtailusers_users:edit", args=[trainer.pk])).content.decode()
    assert 'name="master_trainer"' in page
    form = page[page.index('name="master_trainer"') :]
    form = form[: form.index("</select>")]
    assert f'value="{master.pk}"' in form and f'value="{other.pk}"' not in form
    data = {
        "email": trainer.email or "",
        "full_name_ar": trainer.full_name_ar,
        "gender": trainer.gender,
        "preferred_language": trainer.preferred_language,
        "master_trainer": master.pk,
        "is_active": "on",
        "groups": [g.pk for g in trainer.groups.all()],
    }
    response = client.post(reverse("wagtailusers_users:edit", args=[trainer.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    trainer.refresh_from_db()
    assert trainer.master_trainer == master
    # Someone who is not a master trainer is refused, and nothing changes.
    response = client.post(
        reverse("wagtailusers_users:edit", args=[trainer.pk]), {**data, "master_trainer": other.pk}
    )
    assert response.status_code == 200
    trainer.refresh_from_db()
    assert trainer.master_trainer == master
