"""Roles are groups with permissions, kept in sync by migrate."""

import pytest
from django.contrib.auth.models import Group

from lms.api import Role, user_has_role
from lms.people import services
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_authoring_roles_reach_the_admin_and_trainees_do_not():
    instructor = UserFactory(role=Role.INSTRUCTOR)
    trainee = UserFactory(role=Role.TRAINEE)
    assert instructor.has_perm("wagtailadmin.access_admin")
    assert not trainee.has_perm("wagtailadmin.access_admin")


def test_sync_is_idempotent_and_restores_removed_permissions():
    group = Group.objects.get(name=Role.INSTRUCTOR.value)
    group.permissions.clear()
    services.roles_sync()
    services.roles_sync()
    assert group.permissions.filter(codename="access_admin").count() == 1


def test_user_has_role_through_the_api():
    hub_coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    assert user_has_role(user=hub_coordinator, role=Role.HUB_COORDINATOR)
    assert not user_has_role(user=hub_coordinator, role=Role.CENTRE_DIRECTOR)


def test_instructors_upload_content_packages_and_managers_delete_them():
    from lms.people.models import User

    instructor = UserFactory(role=Role.INSTRUCTOR)
    manager = UserFactory(role=Role.PROGRAMME_MANAGER)
    instructor, manager = User.objects.get(pk=instructor.pk), User.objects.get(pk=manager.pk)
    assert instructor.has_perm("content.add_contentpackage")
    assert not instructor.has_perm("content.delete_contentpackage")
    assert manager.has_perm("content.delete_contentpackage")


def test_a_persons_roles_are_read_once_and_a_grant_is_seen_at_once(django_assert_num_queries):
    person = UserFactory()
    with django_assert_num_queries(1):
        asked = [user_has_role(user=person, role=role) for role in Role]
    assert not any(asked)
    services.user_role_grant(user=person, role=Role.INSTRUCTOR)
    assert user_has_role(user=person, role=Role.INSTRUCTOR)
