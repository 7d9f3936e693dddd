"""Rendering a chunk of a cohort's certificates reads and writes its rows in bulk, a few queries a
certificate: analytics marks the records stale instead of refreshing them one by one (ADR 0015)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.records.models import StaleRecord, TrainingRecord
from certification.credentials.models import Certificate
from certification.credentials.services import certificates_render
from tests.certification.factories import cohort_issued_by_instructor

pytestmark = pytest.mark.django_db
CHUNK = 25
# Per certificate (counted: 3): its savepoint pair and analytics' mark. Per chunk (counted: 6):
# the rows locked and read with their template, the signatures, the states with the files and
# credentials, the history rows, the chunk's transaction (a savepoint pair inside the test's).
QUERIES_PER_CERTIFICATE = 3
FIXED_QUERIES = 6


def _pending(count: int) -> list[int]:
    """The ids of ``count`` pending certificates issued for one cohort."""
    return [c.pk for c in cohort_issued_by_instructor(count).issued]


def test_a_chunk_of_25_costs_a_few_queries_each_and_refreshes_analytics_once(
    django_capture_on_commit_callbacks,
):
    ids = _pending(CHUNK)
    assert len(ids) == CHUNK

    with CaptureQueriesContext(connection) as queries:
        issued = certificates_render(certificate_ids=ids)
    assert len(issued) == CHUNK
    assert len(queries) <= QUERIES_PER_CERTIFICATE * CHUNK + FIXED_QUERIES, len(queries)
    assert StaleRecord.objects.count() == CHUNK
    assert set(TrainingRecord.objects.values_list("certificate_status", flat=True)) == {""}

    # The one refresh queued for the chunk brings every record up to date and clears the marks.
    from analytics.tasks import records_refresh_stale_task

    assert records_refresh_stale_task() == CHUNK
    assert set(TrainingRecord.objects.values_list("certificate_status", flat=True)) == {"issued"}
    assert not StaleRecord.objects.exists()
    assert Certificate.objects.filter(pk__in=ids, state="issued").count() == CHUNK


def test_a_certificate_that_fails_in_a_chunk_is_marked_failed_and_the_others_are_issued(monkeypatch):
    from certification.credentials.pdf import certificate as pdf_module
    from certification.credentials.services import issuing

    ids = _pending(3)
    broken = ids[1]
    made = pdf_module.certificate_pdf

    def certificate_pdf(certificate, **kwargs):
        if certificate.pk == broken:
            raise ValueError("the background picture is unreadable")
        return made(certificate, **kwargs)

    monkeypatch.setattr(pdf_module, "certificate_pdf", certificate_pdf)
    monkeypatch.setattr("certification.credentials.pdf.certificate_pdf", certificate_pdf)

    assert issuing.certificates_render(certificate_ids=ids) == [ids[0], ids[2]]
    states = dict(Certificate.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert states == {ids[0]: "issued", broken: "failed", ids[2]: "issued"}
    failed = Certificate.objects.get(pk=broken)
    assert not failed.pdf
    assert "unreadable" in failed.changes.get(to_state="failed").reason
    assert StaleRecord.objects.count() == 2  # no training record changes for the failed one
    assert all(c.pdf and c.credential for c in Certificate.objects.filter(pk__in=[ids[0], ids[2]]))
