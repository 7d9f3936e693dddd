"""A trainee enrolled in a running cohort whose course has a content activity playing a package."""

import datetime

import pytest
from django.utils import timezone

from content.packages.services import package_import
from courses.enrolment.services import enrolment_request
from courses.models import Activity
from lms.people.roles import Role
from tests.content.packages.builders import scorm12, scorm2004, upload
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.lms.factories import UserFactory


@pytest.fixture(autouse=True)
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def enrolled_with_package(data: bytes):
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    module = CourseModuleFactory(course=cohort.course)
    activity = ActivityFactory(module=module, kind=Activity.Kind.CONTENT)
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    version = package_import(upload=upload(data), activity=activity, by=UserFactory(role=Role.INSTRUCTOR))
    return trainee, activity, version


@pytest.fixture
def scorm12_setup(db):
    return enrolled_with_package(scorm12(mastery="80"))


@pytest.fixture
def scorm2004_setup(db):
    return enrolled_with_package(scorm2004())
