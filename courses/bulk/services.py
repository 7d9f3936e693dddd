"""Bulk enrolment, one use case each: upload → map → check (dry run) → confirm → apply, or cancel.

A ``BulkEnrolment`` moves uploaded → checking → checked → applying → applied, or to failed or
cancelled. The dry run and the application are background jobs (``courses.tasks``) queued when
the request commits; each starts only from its own status, so running one twice does nothing
the second time. The application is one transaction (``courses.bulk.applying``): it applies the
whole list or nothing. A job whose worker was lost is queued again by beat
(``bulk_enrolments_resume``) without waiting for the broker's visibility timeout (ADR 0025).
"""

import datetime
import logging
import os
import uuid

from django.core.files import File
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.bulk import limit, live, running
from courses.bulk.access import may_manage
from courses.bulk.applying import ApplyFailed, apply_list
from courses.bulk.checking import dry_run
from courses.bulk.mapping import guess_mapping, mapping_clean
from courses.bulk.reading import UnreadableFile, preview, scan
from courses.errors import CoursesError
from courses.models import BulkEnrolment, Cohort
from lms.api import person_by_id

logger = logging.getLogger(__name__)
Status = BulkEnrolment.Status
EXTENSIONS = (".csv", ".txt", ".xlsx")
FINISHED = (Status.APPLIED, Status.FAILED, Status.CANCELLED)


def _ensure_may_manage(*, user, cohort: Cohort) -> None:
    if not may_manage(user=user, cohort=cohort):
        raise CoursesError(_("You may not enrol people in this cohort."), code="not_allowed")


@transaction.atomic
def bulk_enrolment_upload(*, cohort: Cohort, file, by) -> BulkEnrolment:
    """Keep an uploaded list for ``cohort`` after reading its headers; the columns are guessed."""
    _ensure_may_manage(user=by, cohort=cohort)
    name = os.path.basename(getattr(file, "name", "") or "")[:255] or "list.csv"
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS:
        raise CoursesError(_("Upload a CSV file or an Excel workbook (.xlsx)."), code="bulk_file_type")
    if file.size > limit("MAX_FILE_BYTES"):
        raise CoursesError(
            _("The file is larger than %(size)s MB.") % {"size": limit("MAX_FILE_BYTES") // (1024 * 1024)},
            code="bulk_file_size",
        )
    headers, sample, total = scan(file, name=name, rows=3, stop_after=limit("MAX_ROWS"))
    if total == 0:
        raise CoursesError(_("The file has no rows under its header."), code="bulk_file_empty")
    if total > limit("MAX_ROWS"):
        raise CoursesError(
            _("The file has more than %(rows)s rows: split it into smaller lists.")
            % {"rows": limit("MAX_ROWS")},
            code="bulk_file_rows",
        )
    file.seek(0)
    bulk = BulkEnrolment(
        cohort=cohort,
        original_name=name,
        created_by=by,
        total_rows=total,
        column_mapping=guess_mapping(headers, sample),
    )
    # Stored under a name of our own: the person's file name is kept in ``original_name``.
    bulk.file.save(f"{uuid.uuid4().hex}{extension}", File(file), save=False)
    bulk.save()
    live.forget(bulk.pk)
    return bulk


def bulk_enrolment_preview(*, bulk: BulkEnrolment, rows: int = 3) -> tuple[list[str], list[list[str]]]:
    """The file's headers and first rows, for the mapping form."""
    with bulk.file.open("rb") as file:
        return preview(file, name=bulk.original_name, rows=rows)


@transaction.atomic
def bulk_enrolment_map(*, bulk: BulkEnrolment, mapping: dict[str, str]) -> BulkEnrolment:
    """Save which column holds which field, and queue the dry run."""
    if bulk.status not in (Status.UPLOADED, Status.CHECKED):
        raise CoursesError(_("The columns of this list can no longer be changed."), code="bulk_not_mappable")
    headers, _sample = bulk_enrolment_preview(bulk=bulk, rows=0)
    cleaned = mapping_clean(mapping, headers=headers)
    updated = BulkEnrolment.objects.filter(pk=bulk.pk, status__in=(Status.UPLOADED, Status.CHECKED)).update(
        column_mapping=cleaned,
        status=Status.CHECKING,
        processed_rows=0,
        report=[],
        summary={},
        error="",
        queued_at=timezone.now(),
    )
    if not updated:
        raise CoursesError(_("The columns of this list can no longer be changed."), code="bulk_not_mappable")
    live.forget(bulk.pk)
    from courses.tasks import bulk_enrolment_check_task

    running.queue(bulk_enrolment_check_task, bulk.pk)
    bulk.refresh_from_db()
    return bulk


def bulk_enrolment_check(*, bulk: BulkEnrolment) -> BulkEnrolment:
    """The dry run: every row checked, the report and summary written; nothing else changes."""
    bulk.refresh_from_db()
    if bulk.status != Status.CHECKING:
        return bulk
    live.heartbeat(bulk.pk)
    try:
        summary, report = dry_run(bulk=bulk, chunk_rows=limit("CHUNK_ROWS"))
    except live.Cancelled as cancelled:
        return _finish(bulk, Status.CHECKING, Status.CANCELLED, cancelled_by=cancelled.by_id)
    except UnreadableFile as error:
        return _finish(bulk, Status.CHECKING, Status.FAILED, error=str(error))
    except Exception:
        logger.exception("Bulk enrolment %s: the dry run failed", bulk.pk)
        return _finish(bulk, Status.CHECKING, Status.FAILED, error=_("The list could not be checked."))
    finally:
        live.stopped(bulk.pk)
    BulkEnrolment.objects.filter(pk=bulk.pk, status=Status.CHECKING).update(
        status=Status.CHECKED,
        report=report,
        summary={"check": summary},
        processed_rows=summary["rows"],
        total_rows=summary["rows"],
    )
    bulk.refresh_from_db()
    return bulk


@transaction.atomic
def bulk_enrolment_confirm(*, bulk: BulkEnrolment, by) -> BulkEnrolment:
    """Staff confirm a checked list: it is queued to be applied."""
    _ensure_may_manage(user=by, cohort=bulk.cohort)
    check = bulk.summary.get("check", {})
    if bulk.status == Status.CHECKED and not (check.get("to_create") or check.get("to_match")):
        raise CoursesError(_("No row of this list can be enrolled."), code="bulk_nothing_to_apply")
    # The guard against a second confirmation (a double click, a second tab).
    updated = BulkEnrolment.objects.filter(pk=bulk.pk, status=Status.CHECKED).update(
        status=Status.APPLYING,
        processed_rows=0,
        summary={**bulk.summary, "confirmed_by": by.pk},
        queued_at=timezone.now(),
    )
    if not updated:
        raise CoursesError(_("This list is not waiting for confirmation."), code="bulk_not_checked")
    live.forget(bulk.pk)
    from courses.tasks import bulk_enrolment_apply_task

    running.queue(bulk_enrolment_apply_task, bulk.pk)
    bulk.refresh_from_db()
    return bulk


def bulk_enrolment_apply(*, bulk: BulkEnrolment) -> BulkEnrolment:
    """Apply a confirmed list in one transaction; a failure or a cancellation applies nothing."""
    bulk.refresh_from_db()
    if bulk.status != Status.APPLYING:
        return bulk
    live.heartbeat(bulk.pk)
    by = _confirmer(bulk)
    try:
        apply_list(bulk=bulk, by=by, chunk_rows=limit("CHUNK_ROWS"))
    except live.Cancelled as cancelled:
        return _finish(bulk, Status.APPLYING, Status.CANCELLED, cancelled_by=cancelled.by_id)
    except ApplyFailed as failed:
        if isinstance(failed.error, UnreadableFile):
            message = str(failed.error)
        else:
            logger.error("Bulk enrolment %s failed: %s", bulk.pk, failed, exc_info=failed.error)
            if failed.first == failed.last:
                where = _("row %(row)s") % {"row": failed.first}
            else:
                where = _("rows %(first)s–%(last)s") % {"first": failed.first, "last": failed.last}
            message = _("Nothing was applied: the list stopped at %(where)s (%(error)s).") % {
                "where": where,
                "error": failed.error,
            }
        return _finish(bulk, Status.APPLYING, Status.FAILED, error=message)
    finally:
        live.stopped(bulk.pk)
    bulk.refresh_from_db()
    bulk_enrolment_file_discard(bulk=bulk)
    return bulk


@transaction.atomic
def bulk_enrolments_resume() -> list[int]:
    """Queue again the dry runs and applications whose worker was lost; run by beat.

    A list still checking or applying ``COURSES_BULK_STUCK_MINUTES`` after its job was queued, and
    that no live job is working on, is queued again, and its time of queueing renewed: each is
    queued again once a period at most. A running application holds the list's row lock for its
    whole transaction, so a locked row is skipped; a running dry run holds no lock but renews its
    heartbeat in the cache each chunk (``live``). The jobs start only from their status, so one
    queued twice does nothing the second time. Returns the ids queued again.
    """
    from courses.tasks import bulk_enrolment_apply_task, bulk_enrolment_check_task

    now = timezone.now()
    cutoff = now - datetime.timedelta(minutes=limit("STUCK_MINUTES"))
    rows = (
        BulkEnrolment.objects.select_for_update(skip_locked=True)
        .filter(status__in=(Status.CHECKING, Status.APPLYING))
        .filter(Q(queued_at__lt=cutoff) | Q(queued_at__isnull=True))
        .order_by("pk")
        .values_list("pk", "status")
    )
    stuck = [(pk, status) for pk, status in rows if not (status == Status.CHECKING and live.is_running(pk))]
    BulkEnrolment.objects.filter(pk__in=[pk for pk, _status in stuck]).update(queued_at=now)
    tasks = {Status.CHECKING: bulk_enrolment_check_task, Status.APPLYING: bulk_enrolment_apply_task}
    for pk, status in stuck:
        logger.warning("Bulk enrolment %s: still %s with no job behind it, queued again", pk, status)
        running.queue(tasks[status], pk)
    return [pk for pk, _status in stuck]


def bulk_enrolment_file_discard(*, bulk: BulkEnrolment) -> None:
    """Deletes a finished list's file (names, phones, employee numbers): its report stays.

    Called once the list is applied, cancelled or failed; nothing reads the file after that.
    """
    if bulk.status not in FINISHED or not bulk.file:
        return
    name = bulk.file.name
    BulkEnrolment.objects.filter(pk=bulk.pk).update(file="")
    bulk.file.storage.delete(name)
    bulk.file.name = ""


def _confirmer(bulk: BulkEnrolment):
    return person_by_id(person_id=bulk.summary.get("confirmed_by")) or bulk.created_by


def bulk_enrolment_cancel(*, bulk: BulkEnrolment, by) -> BulkEnrolment:
    """Cancel a list not yet applied; a running application stops at its next chunk and rolls back."""
    _ensure_may_manage(user=by, cohort=bulk.cohort)
    bulk.refresh_from_db()
    if bulk.status in FINISHED:
        raise CoursesError(_("This list has finished: it can no longer be cancelled."), code="bulk_finished")
    live.cancel_request(bulk.pk, by.pk)
    if bulk.status == Status.APPLYING and live.is_running(bulk.pk):
        # The running transaction holds the row (and on SQLite the database): the flag stops it.
        return bulk
    try:
        _finish(bulk, bulk.status, Status.CANCELLED, cancelled_by=by.pk)
    except OperationalError:
        # SQLite: an application started meanwhile and holds the database; the flag stops it.
        logger.info("Bulk enrolment %s: cancellation left to the running job", bulk.pk)
    bulk.refresh_from_db()
    return bulk


def _finish(bulk: BulkEnrolment, from_status: str, to_status: str, **details) -> BulkEnrolment:
    """Move ``bulk`` from ``from_status`` to a final status, if nothing else moved it first."""
    fields: dict = {"status": to_status}
    if "error" in details:
        fields["error"] = details["error"]
    if "cancelled_by" in details:
        fields["summary"] = {**bulk.summary, "cancelled_by": details["cancelled_by"]}
    if to_status != Status.APPLIED:
        fields["processed_rows"] = 0
    with transaction.atomic():
        BulkEnrolment.objects.filter(pk=bulk.pk, status=from_status).update(**fields)
    bulk.refresh_from_db()
    bulk_enrolment_file_discard(bulk=bulk)
    return bulk
