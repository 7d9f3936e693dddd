"""The demo's content packages: imported, attached to free content activities, loaded once."""

import pytest

from content.demo import load
from content.packages.models import ContentPackage
from tests.courses.factories import ActivityFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_without_any_user_nothing_is_loaded():
    assert load()[0].startswith("content demo: no demo instructor")
    assert ContentPackage.objects.count() == 0


def test_the_packages_are_imported_once_and_attached_when_an_activity_appears():
    instructor = UserFactory(email="instructor@demo.tadrib.iq")
    lines = load()
    assert len(lines) == 2
    packages = {p.title: p for p in ContentPackage.objects.all()}
    scorm = packages["مقدمة في الحوكمة الإلكترونية"]
    assert scorm.kind == "scorm12" and scorm.activity is None
    [sco] = scorm.current_version.items.filter(is_launchable=True)
    assert sco.launch_path == "index.html"
    assert packages["أدوات التخطيط لمشروعات الحكومة الإلكترونية"].kind == "tincan"

    # The catalogue demo comes later and adds content activities to the instructor's course:
    # loading again attaches them.
    course = course_page()
    course.instructors.add(instructor)
    course.save()
    module = CourseModuleFactory(course=course)
    first, second = (
        ActivityFactory(kind="content", module=module),
        ActivityFactory(kind="content", module=module),
    )
    ActivityFactory(kind="quiz", module=module)
    ActivityFactory(kind="content")  # another instructor's course: not the demo instructor's to fill
    load()
    load()
    assert ContentPackage.objects.count() == 2
    assert {p.activity for p in ContentPackage.objects.all()} == {first, second}
    assert all(p.versions.count() == 1 for p in ContentPackage.objects.all())
