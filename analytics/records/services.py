"""Keeping the fact table current: refresh some enrolments' rows, or rebuild it whole; either
way the summaries follow (a refresh queues their rebuild, a rebuild counts them at once).

Both read the lower apps only through their doors, in bulk (a fixed number of queries per chunk
of 5,000 enrolments), and write in bulk: a refresh deletes and re-inserts its rows in one
transaction, so a reader sees either the old rows or the new ones.
"""

import datetime
import time
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.utils import timezone

from analytics import conf
from analytics.records import lower
from analytics.records.models import StaleRecord, TrainingRecord
from analytics.summaries.services import summaries_changed, summaries_rebuild
from courses import api as courses_api
from lms import api as lms_api

Status = TrainingRecord.Status
CHUNK = 5_000

STATUS_OF = {
    "requested": Status.ENROLLED,
    "waitlisted": Status.ENROLLED,
    "approved": Status.ENROLLED,
    "active": Status.ACTIVE,
    "completed": Status.COMPLETED,
    "failed": Status.FAILED,
    "withdrawn": Status.WITHDRAWN,
}
SEATED = {"approved", "active", "completed", "failed"}


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return None if moment is None else moment.date()


def _records(facts: list[courses_api.EnrolmentFactsData]) -> list[TrainingRecord]:
    """Fact-table rows of one chunk of enrolments (rejected requests have none)."""
    facts = [fact for fact in facts if fact.state in STATUS_OF]
    ids = [fact.id for fact in facts]
    trainers = {fact.cohort.trainer_id for fact in facts if fact.cohort.trainer_id}
    people = lms_api.person_facts(user_ids={fact.user_id for fact in facts} | trainers)
    scores = lower.test_scores_for(enrolment_ids=ids)
    certificates = lower.certificates_for(enrolment_ids=ids)
    records = []
    for fact in facts:
        person = people.get(fact.user_id)
        cohort = fact.cohort
        trainer = people.get(cohort.trainer_id) if cohort.trainer_id else None
        test, certificate = scores.get(fact.id), certificates.get(fact.id)
        records.append(
            TrainingRecord(
                enrolment_id=fact.id,
                person_id=fact.user_id,
                cohort_id=cohort.id,
                course_id=cohort.course_id,
                programme_id=cohort.programme_id,
                governorate_id=person and person.governorate_id,
                organisation_id=person and person.organisation_id,
                hub_id=cohort.hub_id,
                gender=person.gender if person else "",
                role=person.role if person else "",
                trainer_id=cohort.trainer_id,
                master_trainer_id=_master_trainer(trainer),
                enrolled_on=fact.requested_at.date(),
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
                completed_on=_day(fact.completed_at),
                status=STATUS_OF[fact.state],
                seated=fact.state in SEATED,
                capacity=cohort.capacity,
                score=fact.score,
                sessions_held=cohort.sessions_held,
                sessions_attended=fact.sessions_attended,
                pre_score=test and test.pre,
                post_score=test and test.post,
                certificate_status=certificate.status if certificate else "",
                certificate_issued_on=certificate and _day(certificate.issued_at),
                certificate_expires_on=certificate and _day(certificate.expires_at),
                certificate_revoked_on=certificate and _day(certificate.revoked_at),
            )
        )
    return records


def _master_trainer(trainer: lms_api.PersonFactsData | None) -> int | None:
    """The master trainer above a cohort's trainer: their own master trainer, or the trainer
    themselves when a master trainer delivered the cohort in person."""
    if trainer is None:
        return None
    if trainer.master_trainer_id is not None:
        return trainer.master_trainer_id
    return trainer.id if trainer.role == lms_api.Role.MASTER_TRAINER.value else None


def _chunks(facts: Iterator[courses_api.EnrolmentFactsData]) -> Iterator[list]:
    chunk = []
    for fact in facts:
        chunk.append(fact)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Every column but the key and the row's own id, rewritten when a refresh finds the row already there.
_UPDATED_FIELDS = [
    f.name for f in TrainingRecord._meta.concrete_fields if f.name not in ("id", "enrolment_id")
]


@transaction.atomic
def records_refresh(*, enrolment_ids: Iterable[int]) -> int:
    """Rewrite the rows of these enrolments from the lower apps. Returns the rows written."""
    ids = sorted(set(enrolment_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        records = _records(list(courses_api.enrolment_facts(enrolment_ids=chunk)))
        present = [record.enrolment_id for record in records]
        TrainingRecord.objects.filter(enrolment_id__in=chunk).exclude(enrolment_id__in=present).delete()
        # An upsert, not delete-then-insert: two refreshes of one enrolment committed at the same
        # moment (a result and its completion arriving together) would both insert the row.
        written += len(
            TrainingRecord.objects.bulk_create(
                records,
                batch_size=CHUNK,
                update_conflicts=True,
                unique_fields=["enrolment_id"],
                update_fields=_UPDATED_FIELDS,
            )
        )
    summaries_changed()
    return written


# When this process last queued the stale records' refresh (time.monotonic), or None.
_queued_at: list[float | None] = [None]


def records_mark_stale(*, enrolment_ids: Iterable[int]) -> None:
    """Note that these enrolments' rows changed (one upsert, in the caller's transaction) and
    make sure a refresh runs within ``ANALYTICS_RECORD_DELAY`` seconds of the commit.

    A process queues the refresh at most once a delay: a mark committed before that task runs
    is read by it (the task waits the delay), one committed later queues the next task.
    """
    now = timezone.now()
    StaleRecord.objects.bulk_create(
        [StaleRecord(enrolment_id=enrolment_id, marked_at=now) for enrolment_id in set(enrolment_ids)],
        update_conflicts=True,
        unique_fields=["enrolment_id"],
        update_fields=["marked_at"],
    )
    transaction.on_commit(_queue_refresh)


def _queue_refresh() -> None:
    from analytics.tasks import records_refresh_stale_task  # the task module calls this one

    delay = conf.get("ANALYTICS_RECORD_DELAY")
    last, now = _queued_at[0], time.monotonic()
    if last is not None and now - last < delay and not records_refresh_stale_task.app.conf.task_always_eager:
        return
    _queued_at[0] = now
    records_refresh_stale_task.apply_async(countdown=delay)


def records_refresh_stale() -> int:
    """Refresh the rows of every enrolment marked stale, in bulk; a mark made meanwhile stays
    for the next refresh. Returns the rows written; running it twice costs a query."""
    started = timezone.now()
    ids = list(StaleRecord.objects.filter(marked_at__lte=started).values_list("enrolment_id", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        written = records_refresh(enrolment_ids=ids)
        StaleRecord.objects.filter(enrolment_id__in=ids, marked_at__lte=started).delete()
    return written


@transaction.atomic
def records_rebuild() -> int:
    """Empty the fact table and fill it from every enrolment. Returns the rows written."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TrainingRecord._meta.db_table}")
    else:
        TrainingRecord.objects.all().delete()
    written = 0
    for chunk in _chunks(courses_api.enrolment_facts()):
        written += len(TrainingRecord.objects.bulk_create(_records(chunk), batch_size=CHUNK))
    summaries_rebuild()
    return written
