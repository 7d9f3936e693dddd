"""Who may enrol where and open what: eligibility and release conditions, each refusal a translated sentence."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.models import Activity, ActivityResult, Cohort, Enrolment
from lms.api import Role, user_has_role


def eligibility_problems(*, user, cohort: Cohort) -> list[str]:
    """Why ``user`` may not enrol in ``cohort``; empty when they may."""
    problems = []
    organisations = set(cohort.eligible_organisations.values_list("pk", flat=True))
    if organisations and user.organisation_id not in organisations:
        problems.append(_("This cohort is for staff of other organisations."))
    governorates = set(cohort.eligible_governorates.values_list("pk", flat=True))
    if governorates and user.governorate_id not in governorates:
        problems.append(_("This cohort is for staff in other governorates."))
    if cohort.eligible_role and not user_has_role(user=user, role=Role(cohort.eligible_role)):
        problems.append(_("This cohort is for %(role)s only.") % {"role": Role(cohort.eligible_role).label})
    if cohort.requires_prerequisites:
        missing = missing_prerequisites(user=user, cohort=cohort)
        if missing:
            problems.append(_("Complete these courses first: %(courses)s.") % {"courses": ", ".join(missing)})
    return problems


def missing_prerequisites(*, user, cohort: Cohort) -> list[str]:
    required = list(cohort.course.prerequisites.all())
    if not required:
        return []
    done = set(
        Enrolment.objects.filter(
            user=user, state=Enrolment.State.COMPLETED, cohort__course__in=required
        ).values_list("cohort__course_id", flat=True)
    )
    return [course.title for course in required if course.pk not in done]


def activity_locked_reason(*, enrolment: Enrolment, activity: Activity, now=None) -> str | None:
    """Why ``activity`` is not open yet to the trainee of ``enrolment``; None when it is open.

    Release conditions (both must hold when set): another activity completed first, and a date.
    """
    completed = set()
    if activity.released_after_id is not None:
        completed = set(
            ActivityResult.objects.filter(
                enrolment=enrolment, activity_id=activity.released_after_id, completed=True
            ).values_list("activity_id", flat=True)
        )
    return locked_reason(activity=activity, completed=completed, now=now)


def locked_reason(*, activity: Activity, completed: set[int], now=None) -> str | None:
    """``activity_locked_reason`` when the ids of the activities completed are already known
    (the course home asks it for every activity of a course, without a query each)."""
    now = now or timezone.now()
    if activity.released_from and activity.released_from > now:
        when = formats.date_format(timezone.localtime(activity.released_from), "DATETIME_FORMAT")
        return _("This activity opens on %(date)s.") % {"date": when}
    before = activity.released_after
    if before is not None and before.pk not in completed:
        return _("Complete “%(activity)s” first.") % {"activity": before.title}
    return None
