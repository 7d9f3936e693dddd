"""The admin's lists of every course's modules and activities tell same-named rows apart by their
course, and say yes or no in the admin's language."""

import pytest
from django.test import Client
from django.urls import reverse

from lms.people.roles import Role
from tests.courses.factories import ActivityFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client() -> Client:
    client = Client()
    client.force_login(UserFactory(role=Role.PROGRAMME_MANAGER))
    return client


@pytest.fixture
def two_courses():
    """Two courses, each with a module called "مقدمة الوحدة" and an activity called "اختبار قصير"."""
    modules = []
    for title in ("التخطيط الرقمي", "إدارة التغيير"):
        module = CourseModuleFactory(course=course_page(title=title), title="مقدمة الوحدة")
        ActivityFactory(module=module, title="اختبار قصير", required=title == "التخطيط الرقمي")
        modules.append(module)
    return modules


def test_the_activity_list_names_each_rows_course_and_says_required_in_arabic(manager_client, two_courses):
    page = manager_client.get(reverse("activities:index")).content.decode()
    assert "التخطيط الرقمي" in page and "إدارة التغيير" in page
    assert "إلزامي" in page and "اختياري" in page
    assert ">True<" not in page and 'title="True"' not in page and "False" not in page


def test_the_module_and_release_choices_show_the_course_beside_each_title(manager_client, two_courses):
    activity = two_courses[0].activities.get()
    page = manager_client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert "مقدمة الوحدة (التخطيط الرقمي)" in page and "مقدمة الوحدة (إدارة التغيير)" in page
    assert "اختبار قصير (مقدمة الوحدة، إدارة التغيير)" in page


def test_the_training_hub_list_says_active_in_arabic_not_true(manager_client):
    from tests.lms.factories import TrainingHubFactory

    TrainingHubFactory(is_active=True)
    TrainingHubFactory(is_active=False)
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("wagtailsnippets_people_traininghub:list")).content.decode()
    assert "فعّال" in page and "مغلق" in page
    assert ">True<" not in page and 'title="True"' not in page and "False" not in page
