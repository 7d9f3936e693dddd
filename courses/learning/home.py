"""The course as an enrolled trainee works through it: the course home and one activity's place in it.

Every selector runs a fixed number of queries whatever the number of modules and activities.
``None`` means the person does not learn the course now (the views answer 404).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.learning.completion import current_enrolment
from courses.learning.openers import activity_url
from courses.learning.outline import course_outline
from courses.models import Activity, ActivityResult, AttendanceRecord, CourseModule, Enrolment, Session
from courses.rules import locked_reason

State = Enrolment.State


@dataclass(frozen=True)
class ActivityRow:
    """One activity of the course and where the trainee stands in it."""

    activity: Activity
    url: str
    state: str  # not_started | in_progress | done | passed | failed | locked
    score: Decimal | None = None
    locked_reason: str | None = None

    @property
    def state_label(self) -> str:
        labels = {
            "not_started": _("Not started"),
            "in_progress": _("In progress"),
            "done": _("Done"),
            "passed": _("Passed"),
            "failed": _("Not passed yet"),
            "locked": _("Locked"),
        }
        return labels[self.state]

    @property
    def is_finished(self) -> bool:
        return self.state in ("done", "passed")


@dataclass(frozen=True)
class ModuleRow:
    module: CourseModule
    activities: list[ActivityRow]


def learning_enrolment(*, user, course_id: int) -> Enrolment | None:
    """The enrolment in which ``user`` learns the course now, with its cohort, course and hub."""
    if not user.is_authenticated:
        return None
    return current_enrolment(
        user_id=user.pk, course_id=course_id, related=("cohort__course", "cohort__hub__governorate")
    )


def _row(activity: Activity, result: ActivityResult | None, completed: set[int], now) -> ActivityRow:
    url = activity_url(activity_id=activity.pk, kind=activity.kind)
    if result is not None and result.passed is not None and result.completed:
        return ActivityRow(activity, url, "passed" if result.passed else "failed", result.score)
    if result is not None and result.completed:
        return ActivityRow(activity, url, "done", result.score)
    reason = locked_reason(activity=activity, completed=completed, now=now)
    if reason:
        return ActivityRow(activity, url, "locked", locked_reason=reason)
    if result is not None:
        return ActivityRow(activity, url, "in_progress", result.score)
    return ActivityRow(activity, url, "not_started")


def _rows(enrolment: Enrolment, activities: list[Activity]) -> list[ActivityRow]:
    results = {r.activity_id: r for r in ActivityResult.objects.filter(enrolment=enrolment)}
    completed = {pk for pk, r in results.items() if r.completed}
    now = timezone.now()
    return [_row(a, results.get(a.pk), completed, now) for a in activities]


def _percent(enrolment: Enrolment, rows: list[ActivityRow]) -> int:
    if enrolment.state == State.COMPLETED:
        return 100
    required = [row for row in rows if row.activity.required]
    if not required:
        return 0
    done = sum(1 for row in required if row.state in ("done", "passed", "failed"))
    return round(100 * done / len(required))


def course_home(*, user, course_id: int) -> dict[str, Any] | None:
    """Modules and activities in order with their state, progress, the next step and the cohort's
    practical details (dates, hub, room, instructors, contact)."""
    enrolment = learning_enrolment(user=user, course_id=course_id)
    if enrolment is None:
        return None
    cohort = enrolment.cohort
    rows = _rows(enrolment, course_outline(course_id=course_id))
    modules: list[ModuleRow] = []
    for row in rows:
        if not modules or modules[-1].module.pk != row.activity.module_id:
            modules.append(ModuleRow(row.activity.module, []))
        modules[-1].activities.append(row)
    open_rows = [row for row in rows if not row.is_finished]
    next_row = next((row for row in open_rows if row.state != "locked"), open_rows[0] if open_rows else None)
    instructors = list(cohort.instructors.all()) or list(cohort.course.instructors.all())
    next_session = (
        Session.objects.filter(cohort=cohort, ends_at__gte=timezone.now()).order_by("starts_at", "pk").first()
    )
    return {
        "enrolment": enrolment,
        "cohort": cohort,
        "course": cohort.course.localized,
        "modules": modules,
        "percent": _percent(enrolment, rows),
        "next_row": next_row,
        "instructors": instructors,
        # The cohort's own contact, else its hub's coordinators.
        "coordinators": list(cohort.hub.coordinators.all())
        if cohort.hub_id and not cohort.has_contact
        else [],
        "next_session": next_session,
    }


def activity_place(*, user, activity: Activity) -> dict[str, Any] | None:
    """One activity as the trainee opens it: their enrolment, its state, and the activities before
    and after it in the course (for previous / next)."""
    enrolment = learning_enrolment(user=user, course_id=activity.module.course_id)
    if enrolment is None:
        return None
    rows = _rows(enrolment, course_outline(course_id=activity.module.course_id))
    index = next(i for i, row in enumerate(rows) if row.activity.pk == activity.pk)
    return {
        "enrolment": enrolment,
        "course": enrolment.cohort.course.localized,
        "row": rows[index],
        "previous": rows[index - 1] if index > 0 else None,
        "next": rows[index + 1] if index + 1 < len(rows) else None,
        "position": index + 1,
        "count": len(rows),
    }


def session_details(
    *, enrolment: Enrolment, activity: Activity
) -> list[tuple[Session, AttendanceRecord | None]]:
    """The cohort's sessions of a session activity, each with the trainee's attendance."""
    sessions = list(
        Session.objects.filter(activity=activity, cohort=enrolment.cohort).order_by("starts_at", "pk")
    )
    records = {
        r.session_id: r for r in AttendanceRecord.objects.filter(enrolment=enrolment, session__in=sessions)
    }
    return [(session, records.get(session.pk)) for session in sessions]
