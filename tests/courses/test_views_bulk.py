"""Bulk enrolment pages: who may use them, and the whole flow from upload to outcome."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from courses.bulk import live, services
from courses.models import BulkEnrolment, Enrolment
from lms.people.models import Organisation
from lms.people.roles import Role
from tests.courses.bulk_files import csv_upload, staff_row, staff_rows
from tests.courses.factories import CohortFactory, course_page
from tests.lms.factories import OrganisationFactory, TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = BulkEnrolment.Status


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    OrganisationFactory(
        name_ar="وزارة التخطيط", name_en="Ministry of Planning", kind=Organisation.Kind.MINISTRY
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager():
    return UserFactory(role=Role.PROGRAMME_MANAGER)


@pytest.fixture
def cohort():
    return CohortFactory(capacity=50)


def problem_rows(response) -> list[int]:
    return [int(n) for n in re.findall(r'<th scope="row">(\d+)</th>', response.content.decode())]


def checked_list(cohort, by, rows, django_capture_on_commit_callbacks) -> BulkEnrolment:
    bulk = services.bulk_enrolment_upload(cohort=cohort, file=csv_upload(rows), by=by)
    with django_capture_on_commit_callbacks(execute=True):
        services.bulk_enrolment_map(bulk=bulk, mapping=bulk.column_mapping)
    bulk.refresh_from_db()
    return bulk


# --- Who may see what ---------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in():
    response = Client().get(reverse("courses:bulk_upload"))
    assert response.status_code == 302
    assert reverse("people:login") in response["Location"]


def test_a_trainee_gets_403_everywhere(trainee_client, cohort, manager, django_capture_on_commit_callbacks):
    bulk = checked_list(cohort, manager, [staff_row(1)], django_capture_on_commit_callbacks)
    assert trainee_client.get(reverse("courses:bulk_upload")).status_code == 403
    for name in ("bulk_detail", "bulk_mapping", "bulk_progress"):
        assert trainee_client.get(reverse(f"courses:{name}", args=[bulk.pk])).status_code == 403
    for name in ("bulk_confirm", "bulk_cancel"):
        assert trainee_client.post(reverse(f"courses:{name}", args=[bulk.pk])).status_code == 403
    assert BulkEnrolment.objects.get(pk=bulk.pk).status == Status.CHECKED


def test_a_hub_coordinator_fills_only_the_cohorts_of_their_hubs(
    cohort, manager, django_capture_on_commit_callbacks
):
    coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    hub = TrainingHubFactory()
    hub.coordinators.add(coordinator)
    own = CohortFactory(hub=hub, title="دفعة البصرة")
    client = client_for(coordinator)

    page = client.get(reverse("courses:bulk_upload")).content.decode()
    assert f'value="{own.pk}"' in page
    assert f'value="{cohort.pk}"' not in page

    response = client.post(
        reverse("courses:bulk_upload"), {"cohort": cohort.pk, "file": csv_upload([staff_row(1)])}
    )
    assert response.status_code == 200
    assert BulkEnrolment.objects.count() == 0

    others = checked_list(cohort, manager, [staff_row(1)], django_capture_on_commit_callbacks)
    assert client.get(reverse("courses:bulk_detail", args=[others.pk])).status_code == 404
    assert client.post(reverse("courses:bulk_confirm", args=[others.pk])).status_code == 404
    assert BulkEnrolment.objects.get(pk=others.pk).status == Status.CHECKED


def test_cohorts_that_have_ended_are_not_offered(manager, cohort):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    ended = CohortFactory(
        starts_on=today - datetime.timedelta(days=30), ends_on=today - datetime.timedelta(days=1)
    )
    page = client_for(manager).get(reverse("courses:bulk_upload")).content.decode()
    assert f'value="{cohort.pk}"' in page
    assert f'value="{ended.pk}"' not in page


def test_an_instructor_fills_the_cohorts_they_teach(cohort):
    instructor = UserFactory(role=Role.INSTRUCTOR)
    taught = CohortFactory()
    taught.instructors.add(instructor)
    of_their_course = CohortFactory(course=course_page(instructors=[instructor]))
    page = client_for(instructor).get(reverse("courses:bulk_upload")).content.decode()
    assert f'value="{taught.pk}"' in page
    assert f'value="{of_their_course.pk}"' in page
    assert f'value="{cohort.pk}"' not in page


# --- The flow -----------------------------------------------------------------------------------


def test_upload_columns_dry_run_confirm_and_outcome(manager, cohort, django_capture_on_commit_callbacks):
    client = client_for(manager)
    rows = list(staff_rows(6))
    rows[1][3] = "0770"  # file row 3: a phone number too short
    rows[4][2] = ""  # file row 6: no e-mail, but the phone and employee number are there
    rows[4][6] = "Gotham"  # … and an unknown governorate

    response = client.post(reverse("courses:bulk_upload"), {"cohort": cohort.pk, "file": csv_upload(rows)})
    bulk = BulkEnrolment.objects.get()
    assert response["Location"] == reverse("courses:bulk_mapping", args=[bulk.pk])

    page = client.get(response["Location"]).content.decode()
    assert page.count("<select") == 7
    assert 'value="email" selected' in page  # guessed from "البريد الإلكتروني"

    fields = [
        "full_name_ar",
        "full_name_latin",
        "email",
        "phone",
        "employee_number",
        "organisation",
        "governorate",
    ]
    choices = {f"column_{i}": name for i, name in enumerate(fields)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:bulk_mapping", args=[bulk.pk]), choices)
    assert response["Location"] == reverse("courses:bulk_detail", args=[bulk.pk])

    report = client.get(response["Location"])
    assert report.status_code == 200
    assert problem_rows(report) == [3, 6]
    assert reverse("courses:bulk_confirm", args=[bulk.pk]) in report.content.decode()
    assert Enrolment.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:bulk_confirm", args=[bulk.pk]))
    outcome = client.get(response["Location"])
    bulk.refresh_from_db()
    assert bulk.status == Status.APPLIED
    assert bulk.summary["result"] == {
        "created": 4,
        "matched": 0,
        "enrolled": 4,
        "waitlisted": 0,
        "skipped": 2,
    }
    assert problem_rows(outcome) == [3, 6]
    assert re.search(r"<dd>4</dd>", outcome.content.decode())
    assert cohort.enrolments.count() == 4

    # A second confirmation (a double click) changes nothing and says why.
    response = client.post(reverse("courses:bulk_confirm", args=[bulk.pk]), follow=True)
    assert response.status_code == 200
    assert cohort.enrolments.count() == 4


def test_the_same_field_for_two_columns_is_refused(manager, cohort):
    client = client_for(manager)
    client.post(reverse("courses:bulk_upload"), {"cohort": cohort.pk, "file": csv_upload([staff_row(1)])})
    bulk = BulkEnrolment.objects.get()
    response = client.post(
        reverse("courses:bulk_mapping", args=[bulk.pk]), {"column_2": "email", "column_3": "email"}
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    bulk.refresh_from_db()
    assert bulk.status == Status.UPLOADED


def test_an_unreadable_file_is_refused_on_the_form(manager, cohort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(manager).post(
        reverse("courses:bulk_upload"),
        {"cohort": cohort.pk, "file": SimpleUploadedFile("staff.xlsx", b"PK\x03\x04 not really")},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert BulkEnrolment.objects.count() == 0


def test_the_progress_page_polls_every_second_and_works_without_javascript(
    manager, cohort, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    bulk = checked_list(cohort, manager, list(staff_rows(8)), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):  # confirmed; the worker has not finished
        services.bulk_enrolment_confirm(bulk=bulk, by=manager)
    live.progress_set(bulk.pk, "applying", 2)

    page = client.get(reverse("courses:bulk_detail", args=[bulk.pk])).content.decode()
    assert '<progress id="bulk-progress-bar" max="8" value="2">' in page
    assert 'hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in page
    assert "vendor/htmx/htmx.min.js" in page

    live.progress_set(bulk.pk, "applying", 6)
    fragment = client.get(reverse("courses:bulk_progress", args=[bulk.pk]), headers={"HX-Request": "true"})
    assert '<progress id="bulk-progress-bar" max="8" value="6">' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()

    services.bulk_enrolment_apply(bulk=bulk)
    done = client.get(reverse("courses:bulk_progress", args=[bulk.pk]), headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == reverse("courses:bulk_detail", args=[bulk.pk])
    assert client.get(reverse("courses:bulk_progress", args=[bulk.pk])).status_code == 302


def test_cancelling_a_checked_list(manager, cohort, django_capture_on_commit_callbacks):
    client = client_for(manager)
    bulk = checked_list(cohort, manager, list(staff_rows(3)), django_capture_on_commit_callbacks)
    response = client.post(reverse("courses:bulk_cancel", args=[bulk.pk]), follow=True)
    assert response.status_code == 200
    assert BulkEnrolment.objects.get(pk=bulk.pk).status == Status.CANCELLED
    assert 'class="messages"' in response.content.decode()
    assert Enrolment.objects.count() == 0


def test_a_failed_list_shows_why(manager, cohort, django_capture_on_commit_callbacks):
    bulk = checked_list(cohort, manager, [staff_row(1)], django_capture_on_commit_callbacks)
    BulkEnrolment.objects.filter(pk=bulk.pk).update(status=Status.FAILED, error="السبب")
    page = client_for(manager).get(reverse("courses:bulk_detail", args=[bulk.pk])).content.decode()
    assert "السبب" in page
