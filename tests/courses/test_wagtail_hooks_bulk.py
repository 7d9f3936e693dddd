"""The Wagtail admin menu leads staff who may fill cohorts from lists to bulk enrolment."""

import pytest
from django.test import RequestFactory
from wagtail import hooks

from courses.bulk import wagtail_hooks as wagtail_hooks_bulk
from lms.people.roles import Role
from tests.courses.factories import CohortFactory
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def shown_to(user) -> bool:
    request = RequestFactory().get("/admin/")
    request.user = user
    return wagtail_hooks_bulk.register_bulk_enrolment_menu_item().is_shown(request)


def test_the_menu_item_is_registered_and_leads_to_the_upload_page():
    assert wagtail_hooks_bulk.register_bulk_enrolment_menu_item in hooks.get_hooks("register_admin_menu_item")
    assert wagtail_hooks_bulk.register_bulk_enrolment_menu_item().url == "/courses/bulk-enrolment/"


def test_it_is_shown_to_staff_who_may_fill_a_cohort_only():
    instructor = UserFactory(role=Role.INSTRUCTOR)
    assert shown_to(UserFactory(role=Role.PROGRAMME_MANAGER))
    assert not shown_to(instructor)
    CohortFactory().instructors.add(instructor)
    assert shown_to(instructor)
    assert not shown_to(UserFactory())
