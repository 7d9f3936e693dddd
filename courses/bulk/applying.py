"""Applying a checked list: accounts matched or created, everyone enrolled, in one transaction.

The rows are checked again as they are applied (the database may have changed since the dry
run), with the same ``Checker``; rows with problems are left out and reported. New accounts are
created in bulk, without a usable password (their owners set one through "forgotten password"
with their e-mail address, or staff send them one); then each person is enrolled through
``enrolment_invite`` — or its bulk twin ``enrolment_invite_many`` for people never in the cohort
before, which writes the same records with a few inserts — seated or waitlisted, with the reason
recorded.

Everything happens in one transaction: an error, or a cancellation seen between two chunks,
rolls back every account and enrolment made so far. Progress is reported through
``courses.bulk.live`` after each chunk, since the transaction hides it from other connections.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from courses.bulk import live
from courses.bulk.checking import Checker, RowPlan, chunked
from courses.bulk.reading import open_table
from courses.enrolment.services import enrolment_invite, enrolment_invite_many
from courses.models import BulkEnrolment, Cohort, Enrolment
from lms.api import NewPersonData, people_by_id, people_create_many

Status = BulkEnrolment.Status


class ApplyFailed(Exception):
    """The application stopped at rows ``first``–``last`` because of ``error``; nothing was applied."""

    def __init__(self, rows: tuple[int, int], error: Exception) -> None:
        super().__init__(f"rows {rows[0]}-{rows[1]}: {error!r}")
        self.first, self.last = rows
        self.error = error


def apply_list(*, bulk: BulkEnrolment, by, chunk_rows: int) -> BulkEnrolment | None:
    """Apply ``bulk`` (status "applying") and mark it applied, all in one transaction.

    Returns None when another run got there first. Raises ``live.Cancelled`` or ``ApplyFailed``
    after the transaction has rolled back.
    """
    where = [0, 0]  # the rows being applied, for the error message
    try:
        with (
            bulk.file.open("rb") as file,
            open_table(file, name=bulk.original_name) as table,
            transaction.atomic(),
        ):
            # The row lock makes a second, concurrent run wait here and then find the list applied.
            if (
                not BulkEnrolment.objects.select_for_update()
                .filter(pk=bulk.pk, status=Status.APPLYING)
                .exists()
            ):
                return None
            cohort = Cohort.objects.get(pk=bulk.cohort_id)
            checker = Checker(cohort=cohort, mapping=bulk.column_mapping, headers=table.headers)
            reason = _("Bulk enrolment from the list “%(name)s”.") % {"name": bulk.original_name}
            result = {"created": 0, "matched": 0, "enrolled": 0, "waitlisted": 0, "skipped": 0}
            report: list[dict[str, Any]] = []
            done = 0
            for chunk in chunked(table.rows, chunk_rows):
                live.stop_if_cancelled(bulk.pk)
                where[:] = chunk[0][0], chunk[-1][0]
                plans = checker.check(chunk)
                report += [{"row": p.row, "problems": p.problems} for p in plans if not p.ok]
                result["skipped"] += sum(not p.ok for p in plans)
                people = _people(plans, result)
                for state in _enrol(plans, people, cohort=cohort, by=by, reason=reason, where=where):
                    result["waitlisted" if state == Enrolment.State.WAITLISTED else "enrolled"] += 1
                done += len(chunk)
                live.progress_set(bulk.pk, "applying", done)
            live.stop_if_cancelled(bulk.pk)
            summary = {**bulk.summary, "result": result}
            # The guard: only a list still being applied becomes applied, in this same transaction.
            updated = BulkEnrolment.objects.filter(pk=bulk.pk, status=Status.APPLYING).update(
                status=Status.APPLIED,
                processed_rows=done,
                total_rows=done,
                report=report,
                summary=summary,
                error="",
            )
            if updated != 1:
                raise RuntimeError("the list stopped being applied during the run")
    except live.Cancelled:
        raise
    except Exception as error:
        raise ApplyFailed((where[0], where[1]), error) from error
    bulk.refresh_from_db()
    return bulk


def _enrol(
    plans: list[RowPlan], people: dict[int, Any], *, cohort: Cohort, by, reason: str, where: list[int]
):
    """Enrol the chunk's people in row order; yields each one's new enrolment state.

    People who never were in the cohort (everyone new, most matched) are enrolled together by
    ``enrolment_invite_many``; someone with an old enrolment (withdrawn, rejected) goes through
    ``enrolment_invite``, which renews it. A batch is written before each renewal, so that seats
    go in the order of the file.
    """
    ok = [plan for plan in plans if plan.ok]
    had_one = set(
        Enrolment.objects.filter(cohort=cohort, user_id__in=[p.user_id for p in ok if p.user_id]).values_list(
            "user_id", flat=True
        )
    )
    batch: list[RowPlan] = []

    def flush():
        if batch:
            where[:] = batch[0].row, batch[-1].row
            users = [people[plan.row] for plan in batch]
            yield from (
                e.state for e in enrolment_invite_many(users=users, cohort=cohort, by=by, reason=reason)
            )
            batch.clear()

    for plan in ok:
        if plan.user_id in had_one:
            yield from flush()
            where[:] = plan.row, plan.row
            yield enrolment_invite(user=people[plan.row], cohort=cohort, by=by, reason=reason).state
        else:
            batch.append(plan)
    yield from flush()


def _people(plans: list[RowPlan], result: dict[str, int]) -> dict[int, Any]:
    """Row number → the person to enrol: the matched account, or one created now."""
    ok = [plan for plan in plans if plan.ok]
    matched = people_by_id(ids=[plan.user_id for plan in ok if plan.user_id])
    new = [plan for plan in ok if not plan.user_id]
    created = people_create_many(people=[_new_person(plan.values) for plan in new])
    result["matched"] += len(ok) - len(new)
    result["created"] += len(created)
    people = {plan.row: matched[plan.user_id] for plan in ok if plan.user_id}
    people.update({plan.row: user for plan, user in zip(new, created, strict=True)})
    return people


def _new_person(values: dict[str, Any]) -> NewPersonData:
    return NewPersonData(
        email=values.get("email") or None,
        phone=values.get("phone") or None,
        employee_number=values.get("employee_number") or None,
        full_name_ar=values["full_name_ar"],
        full_name_latin=values["full_name_latin"],
        gender=values["gender"],
        organisation_id=values["organisation_id"],
        governorate_id=values["governorate_id"],
        job_title=values["job_title"],
    )
