"""An AU's "completed" and "passed" arriving at the same moment, in two requests (PostgreSQL): both
count, the course is satisfied once, and the result reaches courses once."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from content.lrs.auth import authenticate
from content.lrs.models import Statement
from content.lrs.services import statements_store
from content.packages.services import package_import
from content.runtime.cmi5 import SATISFIED
from content.runtime.services import actor_for, attempt_open
from content.runtime.xapi import xapi_launch
from courses.enrolment.services import enrolment_request
from courses.models import Activity, ActivityResult
from lms.people.roles import Role
from tests.content.packages.builders import cmi5, cmi5_au
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.integration.concurrency import concurrently
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture(autouse=True)
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_completed_and_passed_at_once_satisfy_the_course_once():
    assert connection.vendor == "postgresql"
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    activity = ActivityFactory(module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.CONTENT)
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    data = cmi5(cmi5_au(moveOn="CompletedAndPassed"))
    package_import(
        upload=SimpleUploadedFile("c.zip", data), activity=activity, by=UserFactory(role=Role.INSTRUCTOR)
    )
    attempt = attempt_open(user=trainee, activity=activity)
    item = attempt.version.items.get(is_launchable=True)
    launch = xapi_launch(attempt=attempt, item=item, launch_url="http://127.0.0.1/au/index.html")
    credential = authenticate(f"Basic {launch.token}")

    def send(verb: str, **result):
        statement = {
            "id": str(uuid.uuid4()),
            "actor": actor_for(trainee),
            "verb": {"id": VERBS + verb},
            "object": {"id": launch.activity_id},
            "context": {"registration": str(attempt.registration)},
            "result": result,
        }
        return lambda: statements_store(statements=[statement], credential=credential)

    assert concurrently(send("completed", completion=True), send("passed", success=True)) == []
    satisfied = Statement.objects.filter(registration=attempt.registration, data__verb__id=SATISFIED)
    assert satisfied.count() == 1
    result = ActivityResult.objects.get(activity=activity)
    assert result.completed and result.passed
