"""The course outline editor in the admin: reorder, move step by step, add in place, reach."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.authoring.services import outline_of
from courses.models import Activity, CourseModule
from lms.people.roles import Role
from tests.courses.factories import ActivityFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def taught_by(instructor, title: str = "الحكومة الإلكترونية"):
    course = course_page(title=title)
    course.instructors.add(instructor)
    course.save()
    return course


@pytest.fixture
def instructor():
    return UserFactory(role=Role.INSTRUCTOR)


@pytest.fixture
def course(instructor):
    """Two modules of two activities each."""
    course = taught_by(instructor)
    for m in range(2):
        module = CourseModuleFactory(course=course, title=f"الوحدة {m + 1}", position=m)
        for a in range(2):
            ActivityFactory(module=module, title=f"نشاط {m + 1}.{a + 1}", position=a, kind=Activity.Kind.PAGE)
    return course


def url(name: str, course, *args) -> str:
    return reverse(f"course_outline:{name}", args=[course.pk, *args])


def titles(course) -> list[tuple[str, list[str]]]:
    return [
        (module.title, [a.title for a in module.activities.order_by("position", "pk")])
        for module in course.modules.order_by("position", "pk")
    ]


def test_the_outline_shows_modules_and_activities_in_order_with_ways_to_edit_them(instructor, course):
    page = signed_in(instructor).get(url("outline", course))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("الوحدة 1") < text.index("نشاط 1.2") < text.index("الوحدة 2") < text.index("نشاط 2.1")
    first = course.modules.order_by("position").first().activities.order_by("position").first()
    assert url("page_edit", course, first.pk) in text
    assert 'dir="rtl"' in text


def test_a_drag_and_drop_order_is_saved_and_logged(instructor, course):
    (m1, (a11, a12)), (m2, (a21, a22)) = outline_of(course=course)
    order = {"modules": [{"id": m2, "activities": [a21, a12]}, {"id": m1, "activities": [a22, a11]}]}
    response = signed_in(instructor).post(
        url("reorder", course), json.dumps(order), content_type="application/json"
    )
    assert response.status_code == 200
    assert titles(course) == [("الوحدة 2", ["نشاط 2.1", "نشاط 1.2"]), ("الوحدة 1", ["نشاط 2.2", "نشاط 1.1"])]
    assert PageLogEntry.objects.filter(
        page=course, action="courses.outline_reorder", user=instructor
    ).exists()


def test_an_order_that_misses_or_borrows_an_activity_changes_nothing(instructor, course):
    (m1, (a11, a12)), (m2, (a21, a22)) = outline_of(course=course)
    foreign = ActivityFactory().pk
    before = titles(course)
    client = signed_in(instructor)
    for modules in (
        [{"id": m1, "activities": [a11, a12]}, {"id": m2, "activities": [a21]}],
        [{"id": m1, "activities": [a11, a12, foreign]}, {"id": m2, "activities": [a21, a22]}],
        [{"id": m1, "activities": [a11, a11]}, {"id": m2, "activities": [a21, a22, a12]}],
    ):
        response = client.post(
            url("reorder", course), json.dumps({"modules": modules}), content_type="application/json"
        )
        assert response.status_code == 409
        assert "error" in response.json()
    assert titles(course) == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=200), st.recursive(st.none() | st.integers() | st.text(max_size=5),
       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["modules", "id", "activities"]), inner, max_size=3),
       max_leaves=10).map(lambda v: json.dumps(v).encode())))  # fmt: skip
def test_hostile_reorder_bodies_are_refused_without_a_change(instructor, course, body):
    before = titles(course)
    response = signed_in(instructor).post(url("reorder", course), body, content_type="application/json")
    assert response.status_code in (400, 409)
    assert titles(course) == before


def test_move_buttons_work_without_javascript_and_cross_modules(instructor, course):
    client = signed_in(instructor)
    (_m1, (a11, _a12)), (m2, (a21, _a22)) = outline_of(course=course)
    response = client.post(url("step", course), {"kind": "activity", "id": a21, "step": -1})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{a21}")
    assert titles(course) == [("الوحدة 1", ["نشاط 1.1", "نشاط 1.2", "نشاط 2.1"]), ("الوحدة 2", ["نشاط 2.2"])]
    client.post(url("step", course), {"kind": "module", "id": m2, "step": -1})
    client.post(url("step", course), {"kind": "activity", "id": a11, "step": 1})
    assert titles(course) == [("الوحدة 2", ["نشاط 2.2"]), ("الوحدة 1", ["نشاط 1.2", "نشاط 1.1", "نشاط 2.1"])]


def test_a_module_and_an_activity_of_any_kind_are_added_in_place(instructor, course):
    client = signed_in(instructor)
    response = client.post(url("module_add", course), {"title": "إدارة التغيير"})
    module = CourseModule.objects.get(course=course, title="إدارة التغيير")
    assert response["Location"].endswith(f"#module-{module.pk}")
    assert titles(course)[-1] == ("إدارة التغيير", [])
    for kind in Activity.Kind.values:
        client.post(url("activity_add", course, module.pk), {"kind": kind, "title": f"نشاط {kind}"})
    assert titles(course)[-1][1] == [f"نشاط {kind}" for kind in Activity.Kind.values]
    page = Activity.objects.get(module=module, kind=Activity.Kind.PAGE)
    assert PageLogEntry.objects.filter(page=course, action="courses.activity_add").count() == len(
        Activity.Kind.values
    )
    # A new page activity opens in its content editor, which saves back to the outline.
    response = client.post(url("activity_add", course, module.pk), {"kind": "page", "title": "صفحة أخرى"})
    assert response["Location"] == url("page_edit", course, Activity.objects.get(title="صفحة أخرى").pk)
    assert client.get(url("page_edit", course, page.pk)).status_code == 200


def test_bad_additions_change_nothing(instructor, course):
    client = signed_in(instructor)
    module_id = outline_of(course=course)[0][0]
    before = titles(course)
    client.post(url("module_add", course), {"title": "   "})
    client.post(url("activity_add", course, module_id), {"kind": "lecture", "title": "x"})
    client.post(url("activity_add", course, module_id), {"kind": "page", "title": ""})
    assert titles(course) == before


def test_an_instructor_cannot_open_or_change_another_courses_outline(course):
    other = signed_in(UserFactory(role=Role.INSTRUCTOR))
    (m1, (a11, _a12)), _second = outline_of(course=course)
    before = titles(course)
    assert other.get(url("outline", course)).status_code == 404
    assert other.post(url("module_add", course), {"title": "دخيل"}).status_code == 404
    assert other.post(url("step", course), {"kind": "module", "id": m1, "step": 1}).status_code == 404
    assert other.post(url("activity_add", course, m1), {"kind": "page", "title": "x"}).status_code == 404
    assert other.get(url("page_edit", course, a11)).status_code == 404
    assert titles(course) == before


def test_a_module_of_another_course_cannot_be_reached_through_ones_own(instructor, course):
    foreign = CourseModuleFactory()
    response = signed_in(instructor).post(
        url("activity_add", course, foreign.pk), {"kind": "page", "title": "x"}
    )
    assert response.status_code == 404
    assert not foreign.activities.exists()


# Hub coordinators work on the site only: the admin sends them, as trainees, to its sign-in.
@pytest.mark.parametrize(
    ("role", "status"), [(Role.PROGRAMME_MANAGER, 200), (Role.HUB_COORDINATOR, 302), (Role.TRAINEE, 302)]
)
def test_managers_reach_every_outline_and_others_none(course, role, status):
    assert signed_in(UserFactory(role=role)).get(url("outline", course)).status_code == status


def test_the_course_page_editor_offers_the_outline_to_its_instructors(instructor, course):
    page = signed_in(instructor).get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert url("outline", course) in page
    other = signed_in(UserFactory(role=Role.INSTRUCTOR))
    assert (
        url("outline", course)
        not in other.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    )


def test_a_page_activitys_content_is_edited_from_the_outline_and_saved_back_to_it(instructor, course):
    activity = Activity.objects.filter(module__course=course).first()
    client = signed_in(instructor)
    form = client.get(url("page_edit", course, activity.pk))
    assert form.status_code == 200
    assert 'name="contents-TOTAL_FORMS"' in form.content.decode()
    data = nested_form_data(
        {
            "title": "مدخل إلى الأطر",
            "required": "on",
            "completion": "marked",
            "contents": inline_formset(
                [{"language": "ar", "body": streamfield([("paragraph", rich_text("<p>نص الصفحة</p>"))])}]
            ),
        }
    )
    response = client.post(url("page_edit", course, activity.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        response["Location"]
        == reverse("course_outline:outline", args=[course.pk]) + f"#activity-{activity.pk}"
    )
    activity.refresh_from_db()
    assert activity.title == "مدخل إلى الأطر" and activity.completion == "marked"
    assert activity.contents.get(language="ar").body


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.dictionaries(
        st.sampled_from(["kind", "id", "step", "title"]),
        st.text(max_size=300) | st.integers().map(str),
        max_size=4,
    )
)
def test_hostile_step_and_add_forms_never_fail_and_change_only_what_they_may(instructor, course, fields):
    client = signed_in(instructor)
    module_id = outline_of(course=course)[0][0]
    before = titles(course)
    for name, args in (("step", []), ("module_add", []), ("activity_add", [module_id])):
        response = client.post(url(name, course, *args), fields)
        assert response.status_code == 302, name
    after = titles(course)
    # Whatever was sent, the course keeps every module and activity it had (a step may move one;
    # a valid title may add one).
    assert {a for _m, activities in before for a in activities} <= {
        a for _m, activities in after for a in activities
    }
    assert {m for m, _a in before} <= {m for m, _a in after}
