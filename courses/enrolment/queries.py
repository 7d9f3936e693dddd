"""Pieces the selectors share: upcoming cohorts, waiting-list places, progress, labels."""

from collections import Counter

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import (
    Activity,
    ActivityResult,
    Cohort,
    Enrolment,
)

State = Enrolment.State
# Enrolment states from which a person may ask again for a place.
ENROLABLE_FROM = (State.WITHDRAWN, State.REJECTED)
# Enrolment states from which the trainee may withdraw themselves.
WITHDRAWABLE = (State.REQUESTED, State.WAITLISTED, State.APPROVED, State.ACTIVE)


def upcoming_cohorts() -> QuerySet[Cohort]:
    """Cohorts that have not ended yet."""
    return Cohort.objects.filter(ends_on__gte=timezone.localdate())


def enrolment_mode_label(mode: str) -> str:
    """The short name of an enrolment mode, as a trainee reads it."""
    return {
        Cohort.EnrolmentMode.OPEN: _("Open enrolment"),
        Cohort.EnrolmentMode.APPROVAL: _("Enrolment needs approval"),
        Cohort.EnrolmentMode.INVITATION: _("By invitation"),
    }.get(mode, "")


def waitlist_positions(enrolments: list[Enrolment]) -> dict[int, int]:
    """The 1-based place of each waitlisted enrolment in its cohort's line, in one query."""
    waiting = [e for e in enrolments if e.state == State.WAITLISTED]
    if not waiting:
        return {}
    line = (
        Enrolment.objects.filter(cohort_id__in={e.cohort_id for e in waiting}, state=State.WAITLISTED)
        .order_by("cohort_id", "requested_at", "pk")
        .values_list("pk", "cohort_id")
    )
    positions: dict[int, int] = {}
    counters: Counter[int] = Counter()
    for pk, cohort_id in line:
        counters[cohort_id] += 1
        positions[pk] = counters[cohort_id]
    return {e.pk: positions[e.pk] for e in waiting if e.pk in positions}


def progress_percent(enrolments: list[Enrolment]) -> dict[int, int]:
    """Percent of required activities completed, per enrolment, in two queries."""
    if not enrolments:
        return {}
    course_ids = {e.cohort.course_id for e in enrolments}
    required = dict(
        Activity.objects.filter(module__course_id__in=course_ids, required=True)
        .order_by()
        .values("module__course_id")
        .annotate(n=Count("pk"))
        .values_list("module__course_id", "n")
    )
    done = dict(
        ActivityResult.objects.filter(enrolment__in=enrolments, completed=True, activity__required=True)
        .order_by()
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    progress = {}
    for e in enrolments:
        total = required.get(e.cohort.course_id, 0)
        if e.state == State.COMPLETED:
            progress[e.pk] = 100
        elif total:
            progress[e.pk] = round(100 * done.get(e.pk, 0) / total)
        else:
            progress[e.pk] = 0
    return progress
