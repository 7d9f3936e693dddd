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
    expected = 5  # SCORM 1.2, Tin Can, cmi5, SCORM 2004 and H5P: none needs the shared corpus
    lines = load()
    assert len(lines) == expected
    packages = {p.title: p for p in ContentPackage.objects.all()}
    scorm = packages["مقدمة في الحوكمة الإلكترونية"]
    assert scorm.kind == "scorm12" and scorm.activity is None
    [sco] = scorm.current_version.items.filter(is_launchable=True)
    assert sco.launch_path == "index.html"
    assert packages["أدوات التخطيط لمشروعات الحكومة الإلكترونية"].kind == "tincan"
    assert packages["تنفيذ مشروعات الحكومة الإلكترونية"].kind == "cmi5"
    sequenced = packages["أمن المعلومات في الدوائر الحكومية"].current_version
    assert sequenced.kind == "scorm2004" and sequenced.items.filter(is_launchable=True).count() == 3
    h5p = packages["الخدمات الحكومية الإلكترونية: صح أم خطأ (H5P)"]
    assert h5p.kind == "h5p"
    assert h5p.current_version.manifest["data"]["mainLibrary"] == "H5P.TadribTrueFalse"
    assert len(packages) == expected

    # The catalogue demo comes later and adds content activities to the instructor's course:
    # loading again attaches them.
    course = course_page()
    course.instructors.add(instructor)
    course.save()
    module = CourseModuleFactory(course=course)
    free = {ActivityFactory(kind="content", module=module) for _ in range(5)}
    ActivityFactory(kind="quiz", module=module)
    ActivityFactory(kind="content")  # another instructor's course: not the demo instructor's to fill
    load()
    load()
    assert ContentPackage.objects.count() == expected
    attached = {p.activity for p in ContentPackage.objects.all()}
    assert len(attached) == expected and attached <= free
    assert all(p.versions.count() == 1 for p in ContentPackage.objects.all())


def test_demo_trainees_play_the_lessons_once(settings):
    from content import demo_attempts
    from content.runtime.models import Attempt
    from tests.content.packages.builders import cmi5, scorm12
    from tests.content.runtime.conftest import enrolled_with_package

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    for data in (scorm12(), cmi5()):
        trainee, _activity, _version = enrolled_with_package(data)
        trainee.email = f"learner{trainee.pk}@demo.tadrib.iq"
        trainee.save()
    assert len(demo_attempts.load()) == 2
    assert demo_attempts.load() == []
    scorm, xapi = Attempt.objects.order_by("pk")
    assert next(iter(scorm.state.values()))["cmi"]["cmi.interactions.0.id"] == "first-step"
    assert scorm.completed and xapi.completed and xapi.launch_sessions.count() == 1
