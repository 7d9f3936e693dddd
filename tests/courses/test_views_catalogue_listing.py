"""The catalogue's unfiltered listing from the shared cache: computed once, the same for everyone,
forgotten when the courses, cohorts or topics it shows change; searches are never taken from it."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from courses.models import Topic
from tests.courses.factories import CohortFactory, CourseModuleFactory, catalogue, course_page
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db


def listing(client: Client | None = None, **params) -> tuple[str, int]:
    """The catalogue's HTML and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(catalogue().url, params)
    assert response.status_code == 200
    return response.text, len(queries)


def main_of(html: str) -> str:
    """The page's own part, without the site's header and footer (the person's, with a CSRF token)."""
    return html.split('<main id="main" class="page">')[1].split("</main>")[0]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_listing_is_computed_once_and_then_read_from_the_cache():
    course_page(title="إدارة التغيير")
    first, computed = listing()
    again, cached = listing()
    assert "إدارة التغيير" in first and main_of(again) == main_of(first)
    # Its search, eight facet counts and courses with their cohorts are not asked for again.
    assert computed - cached >= 8


def test_a_published_course_a_cohort_and_a_topic_show_at_once():
    course = course_page(title="إدارة التغيير")
    listing()
    other = course_page(title="أمن المعلومات للموظفين")
    other.save_revision().publish()
    html, _ = listing()
    assert "أمن المعلومات للموظفين" in html

    CohortFactory(course=course, hub=TrainingHubFactory(name_ar="مركز البصرة"))
    html, _ = listing()
    assert "مركز البصرة" in html

    topic = Topic.objects.create(name_ar="الأمن السيبراني", slug="cyber")
    course.topics.add(topic)
    course.save_revision().publish()
    listing()
    topic.name_ar = "أمن الشبكات"
    topic.save()
    html, _ = listing()
    assert "أمن الشبكات" in html and "الأمن السيبراني" not in html


def test_an_unpublished_course_and_an_ended_cohort_leave_it():
    course = course_page(title="إدارة التغيير")
    course_page(title="أمن المعلومات للموظفين")
    cohort = CohortFactory(course=course, hub=TrainingHubFactory(name_ar="مركز البصرة"))
    html, _ = listing()
    assert "مركز البصرة" in html
    cohort.starts_on = timezone.localdate() - datetime.timedelta(days=10)
    cohort.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    cohort.save()
    html, _ = listing()
    assert "مركز البصرة" not in html
    course.unpublish()
    html, _ = listing()
    assert "إدارة التغيير" not in html and "أمن المعلومات للموظفين" in html


def test_searches_and_filters_are_computed_for_each_request():
    course_page(title="إدارة التغيير")
    course_page(title="أمن المعلومات للموظفين")
    listing()
    html, _ = listing(q="ادارة")
    assert "إدارة التغيير" in html and "أمن المعلومات للموظفين" not in html
    html, _ = listing(q="امن")
    assert "إدارة التغيير" not in html and "أمن المعلومات للموظفين" in html
    html, _ = listing(mode="online", page="1")
    assert 'value="online" selected' in html


def test_the_listing_holds_nothing_of_the_person_who_filled_it():
    course = course_page(title="إدارة التغيير")
    CohortFactory(course=course)
    instructor = UserFactory(preferred_language="ar")
    course.instructors.add(instructor)
    course.save_revision().publish()
    mine, _ = listing(signed_in(instructor))
    theirs, _ = listing(signed_in(UserFactory(preferred_language="ar")))
    anonymous, _ = listing()
    main = [main_of(html) for html in (mine, theirs, anonymous)]
    assert main[0] == main[1] == main[2]
    # The header around it is still each person's own.
    assert "/courses/teaching/" in mine and "/courses/teaching/" not in theirs
    assert "csrfmiddlewaretoken" not in main[0]


def test_a_course_pages_facts_follow_its_outline_topics_and_instructors():
    course = course_page(title="إدارة التغيير")
    module = CourseModuleFactory(course=course, title="مدخل إلى التغيير")
    assert "مدخل إلى التغيير" in Client().get(course.url).text
    CourseModuleFactory(course=course, title="قيادة التغيير")
    module.title = "أسس التغيير"
    module.save()
    instructor = UserFactory(preferred_language="ar", job_title="مدربة رئيسية")
    course.instructors.add(instructor)
    course.topics.add(Topic.objects.create(name_ar="الأمن السيبراني", slug="cyber"))
    course.save_revision().publish()
    html = Client().get(course.url).text
    assert "قيادة التغيير" in html and "أسس التغيير" in html and "مدخل إلى التغيير" not in html
    assert "مدربة رئيسية" in html and "الأمن السيبراني" in html


@pytest.mark.parametrize("number", ["²", "٣", "1" * 20, "-1", "", "0", "9999"])
def test_any_page_number_answers_without_error(number):
    course_page(title="إدارة التغيير")
    for _ in range(2):
        html, _ = listing(page=number)
        assert "إدارة التغيير" in html


class HostileInput(TestCase):
    @given(st.text(max_size=30), st.sampled_from(["page", "q", "hub", "topic"]))
    @settings(max_examples=30, deadline=None)
    def test_any_parameter_answers_200_never_500_and_the_listing_stays_whole(self, value, name):
        course_page(title="إدارة التغيير")
        response = Client().get(catalogue().url, {name: value})
        assert response.status_code == 200
        html, _ = listing()
        assert "إدارة التغيير" in html
