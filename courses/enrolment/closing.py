"""Closing a cohort that ended: each enrolment still learning completes or fails.

Trainees keep some days after the cohort's last day (``COURSES_FAIL_AFTER_DAYS``) to finish;
then an enrolment whose completion rules hold is completed and any other fails, with the
unmet rules as the recorded reason. A failed enrolment can still complete later, when a result
arrives (``completion_evaluate`` accepts failed enrolments).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import conf
from courses.enrolment.services import cohort_start, enrolment_finish
from courses.learning.completion import completion_evaluate, completion_problems
from courses.models import Cohort, Enrolment

State = Enrolment.State


@dataclass(frozen=True)
class CohortCloseResult:
    completed: int
    failed: int


def cohorts_due_to_start(*, today: datetime.date | None = None) -> QuerySet[Cohort]:
    """Cohorts that have started and still hold approved (not yet active) enrolments."""
    today = today or timezone.localdate()
    return Cohort.objects.filter(starts_on__lte=today, enrolments__state=State.APPROVED).distinct()


def cohorts_due_to_close(*, today: datetime.date | None = None) -> QuerySet[Cohort]:
    """Cohorts that ended more than ``COURSES_FAIL_AFTER_DAYS`` ago with enrolments still learning."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=conf.get("COURSES_FAIL_AFTER_DAYS"))
    return Cohort.objects.filter(
        ends_on__lt=cutoff, enrolments__state__in=(State.APPROVED, State.ACTIVE)
    ).distinct()


@transaction.atomic
def cohort_close(*, cohort: Cohort) -> CohortCloseResult:
    """Complete or fail every enrolment of ``cohort`` that is still learning. Safe to run twice."""
    cohort_start(cohort=cohort)
    completed = failed = 0
    enrolments = (
        Enrolment.objects.select_for_update()
        .filter(cohort=cohort, state=State.ACTIVE)
        .select_related("cohort__course")
    )
    for enrolment in enrolments:
        problems = completion_problems(enrolment=enrolment)
        if not problems:
            completed += completion_evaluate(enrolment_id=enrolment.pk)
            continue
        reason = _("The cohort ended on %(date)s. %(problems)s") % {
            "date": cohort.ends_on.isoformat(),
            "problems": " ".join(problems),
        }
        enrolment_finish(enrolment=enrolment, completed=False, reason=reason)
        failed += 1
    return CohortCloseResult(completed=completed, failed=failed)
