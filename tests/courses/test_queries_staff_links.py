"""The navigation's staff links (courses/teaching/queries.py: staff_links), kept per person in the
shared cache: one person's answer is never another's, and it follows their cohorts at once."""

import pytest
from django.test import Client

from courses.teaching.queries import staff_links
from tests.courses.factories import CohortFactory, course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_teaching_a_cohort_shows_the_teaching_link_at_once_and_to_that_person_only():
    teacher, trainee = UserFactory(), UserFactory()
    cohort = CohortFactory()
    assert staff_links(user=teacher) == (False, False)
    assert staff_links(user=trainee) == (False, False)

    cohort.instructors.add(teacher)
    assert staff_links(user=teacher) == (True, False)
    assert staff_links(user=trainee) == (False, False)

    cohort.instructors.remove(teacher)
    assert staff_links(user=teacher) == (False, False)


def test_teaching_a_course_counts_once_the_page_is_published():
    teacher = UserFactory()
    course = course_page()
    CohortFactory(course=course)
    assert staff_links(user=teacher) == (False, False)
    course.instructors.add(teacher)
    course.save_revision().publish()
    assert staff_links(user=teacher) == (True, False)
    client = Client()
    client.force_login(teacher)
    assert "/courses/teaching/" in client.get("/courses/learning/").text
