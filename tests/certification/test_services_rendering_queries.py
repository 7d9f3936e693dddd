"""Rendering a chunk of a cohort's certificates reads the database a fixed few times a
certificate: analytics marks the records stale instead of refreshing them one by one (ADR 0015)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.records.models import StaleRecord, TrainingRecord
from certification.credentials.models import Certificate
from certification.credentials.services import certificates_issue_for_cohort, certificates_render
from tests.certification.factories import course_with_rule, trainee_completing
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db
CHUNK = 25
# Per certificate (counted: 8): its row locked and read with its template, the signatures, the
# file and credential saved, the state and its history row, analytics' mark, a savepoint pair.
QUERIES_PER_CERTIFICATE = 8


def test_a_chunk_of_25_costs_a_few_queries_each_and_refreshes_analytics_once(
    django_capture_on_commit_callbacks,
):
    rule, activity, cohort = course_with_rule(is_active=False)
    cohort.capacity = CHUNK
    cohort.save()
    for _ in range(CHUNK):
        trainee_completing(activity, cohort)
    rule.is_active = True
    rule.save()
    instructor = UserFactory()
    cohort.instructors.add(instructor)
    ids = [c.pk for c in certificates_issue_for_cohort(cohort_id=cohort.pk, by=instructor).issued]
    assert len(ids) == CHUNK

    with CaptureQueriesContext(connection) as queries:
        issued = certificates_render(certificate_ids=ids)
    assert len(issued) == CHUNK
    assert len(queries) <= QUERIES_PER_CERTIFICATE * CHUNK, len(queries)
    assert StaleRecord.objects.count() == CHUNK
    assert set(TrainingRecord.objects.values_list("certificate_status", flat=True)) == {""}

    # The one refresh queued for the chunk brings every record up to date and clears the marks.
    from analytics.tasks import records_refresh_stale_task

    assert records_refresh_stale_task() == CHUNK
    assert set(TrainingRecord.objects.values_list("certificate_status", flat=True)) == {"issued"}
    assert not StaleRecord.objects.exists()
    assert Certificate.objects.filter(pk__in=ids, state="issued").count() == CHUNK
