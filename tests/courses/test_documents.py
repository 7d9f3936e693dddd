"""Course documents download only for those who may open their activity, never for strangers."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model

from courses.enrolment.services import enrolment_request
from courses.models import Activity
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def disk_storage(settings, tmp_path):
    # Wagtail streams a document from its path when the storage has one (InMemoryStorage claims to).
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def handout():
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    document = get_document_model().objects.create(
        title="Handout", file=ContentFile(b"%PDF-1.4 salaries of the directorate", name="handout.pdf")
    )
    module = CourseModuleFactory(course=cohort.course)
    ActivityFactory(module=module, kind=Activity.Kind.FILE, document=document)
    return cohort, document


def _get(client: Client, document):
    return client.get(document.url, HTTP_HOST="localhost")


def test_a_signed_out_visitor_is_sent_to_sign_in_and_gets_no_bytes(handout):
    _cohort, document = handout
    response = _get(Client(), document)
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_a_trainee_not_in_the_course_is_refused(handout):
    _cohort, document = handout
    client = Client()
    client.force_login(UserFactory())
    assert _get(client, document).status_code == 403


def test_an_enrolled_trainee_downloads_it_and_staff_do_too(handout):
    cohort, document = handout
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    client = Client()
    client.force_login(trainee)
    response = _get(client, document)
    assert response.status_code == 200
    assert b"salaries" in b"".join(response.streaming_content)

    staff = Client()
    staff.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert _get(staff, document).status_code == 200


def test_a_document_attached_to_no_activity_is_for_staff_only(db):
    document = get_document_model().objects.create(
        title="Draft", file=ContentFile(b"draft", name="draft.txt")
    )
    client = Client()
    client.force_login(UserFactory())
    assert _get(client, document).status_code == 403
