"""The Wagtail admin of cohorts and course structure: each person reaches only their own rows."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Cohort, CoursePage
from lms.people.roles import Role
from tests.courses.factories import (
    ActivityFactory,
    CohortFactory,
    CourseModuleFactory,
    catalogue,
    course_page,
)
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def taught_by(instructor, title: str):
    course = course_page(title=title)
    course.instructors.add(instructor)
    course.save()  # modelcluster holds a page's many-to-many fields until it is saved
    return course


@pytest.fixture
def two_instructors():
    mine, theirs = UserFactory(role=Role.INSTRUCTOR), UserFactory(role=Role.INSTRUCTOR)
    my_cohort = CohortFactory(course=taught_by(mine, "دورتي"), title="دفعة دورتي")
    their_cohort = CohortFactory(course=taught_by(theirs, "دورة زميلي"), title="دفعة زميلي")
    return mine, my_cohort, their_cohort


def test_an_instructor_lists_only_the_cohorts_of_their_courses(two_instructors):
    mine = two_instructors[0]
    listed = signed_in(mine).get(reverse("cohorts:index"))
    assert listed.status_code == 200
    assert "دفعة دورتي" in listed.text
    assert "دفعة زميلي" not in listed.text
    # The listing's partial results (used when filtering) obey the same rule.
    results = signed_in(mine).get(reverse("cohorts:index_results"), {"q": "دفعة"})
    assert "دفعة دورتي" in results.text and "دفعة زميلي" not in results.text


def test_an_instructor_cannot_open_edit_delete_or_trace_another_instructors_cohort(two_instructors):
    mine, my_cohort, their_cohort = two_instructors
    client = signed_in(mine)
    assert client.get(reverse("cohorts:edit", args=[my_cohort.pk])).status_code == 200
    for name in ("edit", "delete", "history", "usage"):
        assert client.get(reverse(f"cohorts:{name}", args=[their_cohort.pk])).status_code == 404, name
    response = client.post(reverse("cohorts:edit", args=[their_cohort.pk]), {"title": "مختطفة"})
    assert response.status_code == 404
    their_cohort.refresh_from_db()
    assert their_cohort.title == "دفعة زميلي"


def test_a_cohort_listed_as_taught_by_the_instructor_is_in_reach():
    instructor = UserFactory(role=Role.INSTRUCTOR)
    guest_cohort = CohortFactory(course=course_page(title="دورة أخرى"), title="دفعة ضيف")
    guest_cohort.instructors.add(instructor)
    assert "دفعة ضيف" in signed_in(instructor).get(reverse("cohorts:index")).text


def test_an_instructor_creates_cohorts_only_for_their_own_courses(two_instructors):
    mine, my_cohort, their_cohort = two_instructors
    client = signed_in(mine)
    form = client.get(reverse("cohorts:add"))
    assert form.status_code == 200
    choices = list(form.context["form"].fields["course"].queryset)
    assert choices == [my_cohort.course]

    data = {
        "course": their_cohort.course.pk,
        "title": "دفعة دخيلة",
        "starts_on": "2030-03-01",
        "ends_on": "2030-03-05",
        "capacity": 10,
        "enrolment_mode": "open",
    }
    refused = client.post(reverse("cohorts:add"), data)
    assert refused.status_code == 200 and "course" in refused.context["form"].errors
    assert not Cohort.objects.filter(title="دفعة دخيلة").exists()

    created = client.post(
        reverse("cohorts:add"), {**data, "course": my_cohort.course.pk, "title": "دفعة جديدة"}
    )
    assert created.status_code == 302
    assert Cohort.objects.get(title="دفعة جديدة").course == my_cohort.course


def test_a_hub_coordinator_who_also_teaches_reaches_only_the_cohorts_they_teach_in_the_admin():
    coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    coordinator.groups.add(*UserFactory(role=Role.INSTRUCTOR).groups.all())
    hub = TrainingHubFactory()
    hub.coordinators.add(coordinator)
    CohortFactory(hub=hub, title="دفعة مركزي")
    taught = CohortFactory(hub=TrainingHubFactory(), title="دفعة أدرّسها")
    taught.instructors.add(coordinator)
    listed = signed_in(coordinator).get(reverse("cohorts:index")).text
    # Coordinating a hub is site work (docs/guide/roles.md); teaching a cohort is admin work.
    assert "دفعة أدرّسها" in listed and "دفعة مركزي" not in listed


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.CENTRE_DIRECTOR])
def test_managers_reach_every_cohort(two_instructors, role):
    listed = signed_in(UserFactory(role=role)).get(reverse("cohorts:index")).text
    assert "دفعة دورتي" in listed and "دفعة زميلي" in listed


def test_modules_and_activities_are_limited_to_the_instructors_courses(two_instructors):
    mine, my_cohort, their_cohort = two_instructors
    my_module = CourseModuleFactory(course=my_cohort.course, title="وحدتي")
    their_module = CourseModuleFactory(course=their_cohort.course, title="وحدة زميلي")
    ActivityFactory(module=my_module, title="نشاطي")
    theirs = ActivityFactory(module=their_module, title="نشاط زميلي")
    client = signed_in(mine)

    modules = client.get(reverse("modules:index")).text
    assert "وحدتي" in modules and "وحدة زميلي" not in modules
    activities = client.get(reverse("activities:index")).text
    assert "نشاطي" in activities and "نشاط زميلي" not in activities
    assert client.get(reverse("activities:edit", args=[theirs.pk])).status_code == 404
    form = client.get(reverse("activities:add")).context["form"]
    assert list(form.fields["module"].queryset) == [my_module]


def test_a_trainee_is_kept_out_of_the_cohorts_admin():
    CohortFactory(title="دفعة")
    response = signed_in(UserFactory(role=Role.TRAINEE)).get(reverse("cohorts:index"))
    assert response.status_code == 302
    assert "دفعة" not in response.text


def test_topics_are_a_snippet_for_managers():
    response = signed_in(UserFactory(role=Role.PROGRAMME_MANAGER)).get(
        reverse("wagtailsnippets_courses_topic:add")
    )
    assert response.status_code == 200


def test_instructors_may_add_pages_and_edit_and_publish_the_courses_they_teach():
    instructor = UserFactory(role=Role.INSTRUCTOR)
    trainee = UserFactory(role=Role.TRAINEE)
    page = catalogue()
    permissions = page.permissions_for_user(instructor)
    assert permissions.can_add_subpage()
    assert permissions.can_publish_subpage()
    course = taught_by(instructor, "دورة")
    assert course.permissions_for_user(instructor).can_edit()
    assert course.permissions_for_user(instructor).can_publish()
    assert not page.permissions_for_user(trainee).can_add_subpage()
    assert (
        signed_in(instructor).get(reverse("wagtailadmin_pages:add_subpage", args=[page.pk])).status_code
        == 200
    )


def test_an_instructor_deletes_only_their_own_pages_and_no_course_with_cohorts():
    instructor = UserFactory(role=Role.INSTRUCTOR, preferred_language="en")
    client = signed_in(instructor)
    someone_elses = course_page(title="دورة زميل")
    refused = client.post(reverse("wagtailadmin_pages:delete", args=[someone_elses.pk]))
    assert refused.status_code == 302
    assert CoursePage.objects.filter(pk=someone_elses.pk).exists()

    own = course_page(title="دورتي", owner=instructor)
    CohortFactory(course=own)
    client.post(reverse("wagtailadmin_pages:delete", args=[own.pk]))
    assert CoursePage.objects.filter(pk=own.pk).exists()  # it has a cohort

    draft = course_page(title="مسودتي", owner=instructor)
    draft.instructors.add(instructor)
    draft.save()
    client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert not CoursePage.objects.filter(pk=draft.pk).exists()
