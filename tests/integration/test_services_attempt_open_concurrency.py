"""Two opens of one lesson by one trainee at the same moment (a double tap, PostgreSQL): one attempt.

Both requests are held until each has looked for the trainee's attempt and found none, then let go
to insert at once; the database's constraint lets one in and the other finds it.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from content.packages.services import package_import
from content.runtime.models import Attempt
from content.runtime.services import attempt_open
from courses.enrolment.services import enrolment_request
from courses.models import Activity
from lms.people.roles import Role
from tests.content.packages.builders import scorm12, upload
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.integration.concurrency import concurrently
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_two_opens_at_once_make_one_attempt_with_two_sessions(monkeypatch):
    assert connection.vendor == "postgresql"
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    activity = ActivityFactory(module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.CONTENT)
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    package_import(upload=upload(scorm12()), activity=activity, by=UserFactory(role=Role.INSTRUCTOR))

    both_looked = threading.Barrier(2, timeout=20)
    create = Attempt.objects.create

    def create_after_both_looked(**fields):
        both_looked.wait()
        return create(**fields)

    monkeypatch.setattr(Attempt.objects, "create", create_after_both_looked)
    opened: list[Attempt] = []
    errors = concurrently(
        lambda: opened.append(attempt_open(user=trainee, activity=activity)),
        lambda: opened.append(attempt_open(user=trainee, activity=activity)),
    )

    assert errors == []
    assert len(opened) == 2 and opened[0].pk == opened[1].pk
    attempt = Attempt.objects.get(user=trainee, activity=activity)
    assert attempt.sessions == 2
