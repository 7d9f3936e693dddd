"""Catalogue pages in the admin follow courses.access: an instructor edits and publishes only the
courses they teach and never changes who teaches them; managers may do both.

Everything goes through the Wagtail admin's own views and permission checks (edit, publish,
bulk publish, add), with the forms' data as the admin renders them.
"""

import pytest
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import CoursePage
from lms.people.roles import Role
from tests.courses.factories import CohortFactory, catalogue, course_page, programme_page
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def taught_by(instructor, title: str) -> CoursePage:
    course = course_page(title=title)
    course.instructors.add(instructor)
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def form_data(form) -> dict:
    """The POST data of a Wagtail admin form as rendered, its formsets included."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field.widget, CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(getattr(item, "pk", item)) for item in value]
        elif value is not None:
            data[field.html_name] = field.field.widget.format_value(value) or ""
    for formset in getattr(form, "formsets", {}).values():
        for field in formset.management_form:
            data[field.html_name] = field.value()
        for child in formset.forms:
            data.update(form_data(child))
    return data


def edit(client: Client, page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    page_form = client.get(url)
    assert page_form.status_code == 200
    return client.post(url, {**form_data(page_form.context["form"]), **changes})


@pytest.fixture
def colleagues():
    mine = UserFactory(role=Role.INSTRUCTOR)
    theirs = UserFactory(role=Role.INSTRUCTOR)
    return mine, theirs, taught_by(mine, "دورتي"), taught_by(theirs, "دورة زميلي")


def test_an_instructor_cannot_open_edit_or_publish_a_course_they_do_not_teach(colleagues):
    mine, _theirs, _my_course, their_course = colleagues
    client = signed_in(mine)
    url = reverse("wagtailadmin_pages:edit", args=[their_course.pk])
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, {"title": "مختطفة", "slug": "hijacked", "action-publish": "publish"})
    assert response.status_code in (302, 403)
    their_course.refresh_from_db()
    assert their_course.title == "دورة زميلي"
    assert not their_course.has_unpublished_changes
    assert not their_course.permissions_for_user(mine).can_publish()


def test_an_instructor_edits_and_publishes_the_course_they_teach(colleagues):
    mine, _theirs, my_course, _their_course = colleagues
    response = edit(signed_in(mine), my_course, title="دورتي المحدثة", **{"action-publish": "publish"})
    assert response.status_code == 302
    my_course.refresh_from_db()
    assert my_course.title == "دورتي المحدثة" and my_course.live


def test_an_instructor_cannot_add_themselves_nor_remove_a_colleague(colleagues):
    mine, theirs, my_course, their_course = colleagues
    my_course.instructors.add(theirs)
    my_course.save_revision().publish()
    client = signed_in(mine)
    response = edit(client, my_course, instructors=[str(mine.pk)], **{"action-publish": "publish"})
    assert response.status_code == 302
    assert set(CoursePage.objects.get(pk=my_course.pk).instructors.all()) == {mine, theirs}
    # Nor can they name themselves on a colleague's course, which they cannot even open.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[their_course.pk]),
        {"instructors": [str(mine.pk)], "action-publish": "publish"},
    )
    assert list(CoursePage.objects.get(pk=their_course.pk).instructors.all()) == [theirs]


def test_a_course_an_instructor_writes_is_taught_by_them_alone(colleagues):
    mine, theirs, *_ = colleagues
    client = signed_in(mine)
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalogue().pk])
    page_form = client.get(url)
    assert page_form.status_code == 200
    data = {
        **form_data(page_form.context["form"]),
        "title": "دورة جديدة",
        "slug": "new-course",
        "summary": "ملخص",
        "instructors": [str(theirs.pk)],
        "action-publish": "publish",
    }
    assert client.post(url, data).status_code == 302
    course = CoursePage.objects.get(slug="new-course")
    assert list(course.instructors.all()) == [mine]
    assert course.permissions_for_user(mine).can_edit()


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.CENTRE_DIRECTOR, Role.ADMINISTRATOR])
def test_managers_edit_any_course_and_choose_who_teaches(colleagues, role):
    mine, theirs, _my_course, their_course = colleagues
    manager = UserFactory(role=role)
    response = edit(
        signed_in(manager),
        their_course,
        instructors=[str(mine.pk), str(theirs.pk)],
        **{"action-publish": "p"},
    )
    assert response.status_code == 302
    assert set(CoursePage.objects.get(pk=their_course.pk).instructors.all()) == {mine, theirs}


def test_bulk_publish_refuses_the_courses_an_instructor_does_not_teach(colleagues):
    mine, _theirs, _my_course, their_course = colleagues
    their_course.title = "مسودة"
    their_course.save_revision()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    signed_in(mine).post(f"{url}?id={their_course.pk}", {})
    assert CoursePage.objects.get(pk=their_course.pk).title == "دورة زميلي"


def test_the_catalogue_page_and_others_programmes_are_the_managers(colleagues):
    mine, _theirs, my_course, _their_course = colleagues
    programme = programme_page([my_course])
    # A programme has no instructors: the instructor who wrote one keeps it.
    assert programme_page([my_course], slug="mine", owner=mine).permissions_for_user(mine).can_edit()
    for page in (programme, catalogue()):
        assert not page.permissions_for_user(mine).can_edit()
        assert not page.permissions_for_user(mine).can_publish()
        assert not page.permissions_for_user(mine).can_reorder_children()
        assert page.permissions_for_user(UserFactory(role=Role.PROGRAMME_MANAGER)).can_edit()
    # Writing new courses stays open to them.
    assert catalogue().permissions_for_user(mine).can_add_subpage()


def test_hub_coordinators_work_on_the_site_not_in_the_admin():
    coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    hub = TrainingHubFactory()
    hub.coordinators.add(coordinator)
    cohort = CohortFactory(hub=hub, capacity=20)
    client = signed_in(coordinator)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    client.post(reverse("cohorts:edit", args=[cohort.pk]), {"capacity": 500})
    cohort.refresh_from_db()
    assert cohort.capacity == 20
    # Their hub's cohorts are on the site.
    assert client.get(reverse("courses:approvals")).status_code == 200


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(max_size=300),
    instructors=st.lists(st.one_of(st.integers(), st.text(max_size=20)), max_size=5),
    action=st.sampled_from(["action-publish", "action-submit", "action-unpublish", "action-lock"]),
)
def test_hostile_edits_of_a_colleagues_course_change_nothing(colleagues, title, instructors, action):
    mine, theirs, _my_course, their_course = colleagues
    response = signed_in(mine).post(
        reverse("wagtailadmin_pages:edit", args=[their_course.pk]),
        {"title": title, "instructors": [str(i) for i in instructors], action: "x"},
    )
    assert response.status_code in (302, 403)
    page = CoursePage.objects.get(pk=their_course.pk)
    assert (page.title, list(page.instructors.all()), page.has_unpublished_changes) == (
        "دورة زميلي",
        [theirs],
        False,
    )
