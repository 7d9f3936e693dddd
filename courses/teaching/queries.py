"""Read-side selectors for the instructors' and hub coordinators' pages.

Who reaches which cohort is decided in ``courses.access``: instructors keep their cohorts'
registers and show their QR codes; hub coordinators see their hubs' rosters and approve requests.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Exists, Q, QuerySet
from django.utils import timezone

from courses.access import cohorts_coordinated_by, cohorts_in_reach, cohorts_taught_by, manages_every_cohort
from courses.models import Activity, ActivityResult, AttendanceRecord, Cohort, Enrolment, Session
from lms.api import Role, cached, cached_forget, user_has_role

PENDING = (Enrolment.State.REQUESTED, Enrolment.State.WAITLISTED)

STAFF_ROLES = (Role.INSTRUCTOR, Role.MASTER_TRAINER, Role.HUB_COORDINATOR, Role.PROGRAMME_MANAGER)

# Per person, whether they teach or coordinate a cohort: forgotten when a cohort, its instructors
# or a course's instructors change. Hubs' coordinators belong to ``lms``, which announces no
# change: a new coordinator without the role sees "Approvals" at most this late (the queue checks
# access itself on every request).
STAFF_LINKS = "courses:staff-links"
STAFF_LINKS_TIMEOUT = 5 * 60


def is_teaching_staff(*, user) -> bool:
    """Whether "My cohorts" is for ``user``: a staff role, or a cohort they teach or manage."""
    if not user.is_authenticated:
        return False
    return any(user_has_role(user=user, role=role) for role in STAFF_ROLES) or (
        cohorts_in_reach(user=user).exists()
    )


def may_approve(*, user) -> bool:
    """Whether the approvals queue is for ``user`` (it may be empty)."""
    if not user.is_authenticated:
        return False
    return (
        manages_every_cohort(user=user)
        or user_has_role(user=user, role=Role.HUB_COORDINATOR)
        or cohorts_coordinated_by(user=user).exists()
    )


def staff_links(*, user) -> tuple[bool, bool]:
    """(``is_teaching_staff``, ``may_approve``) for the site's navigation on every page: from the
    person's roles (read once) and whether they teach or coordinate a cohort, kept per person in
    the shared cache (one query when it is not there)."""
    if not user.is_authenticated:
        return False, False
    if manages_every_cohort(user=user):
        return True, True
    teaching = any(user_has_role(user=user, role=role) for role in STAFF_ROLES)
    approving = user_has_role(user=user, role=Role.HUB_COORDINATOR)
    if teaching and approving:
        return True, True

    def read() -> tuple[bool, bool]:
        return (
            Cohort.objects.annotate(
                teaches=Exists(cohorts_in_reach(user=user)),
                coordinates=Exists(cohorts_coordinated_by(user=user)),
            )
            .values_list("teaches", "coordinates")
            .first()
        ) or (False, False)

    reach = cached(STAFF_LINKS, str(user.pk), read, timeout=STAFF_LINKS_TIMEOUT)
    return teaching or reach[0], approving or reach[1]


def staff_links_changed(sender, **kwargs) -> None:
    """Receiver of changes to cohorts, their instructors and the courses' instructors."""
    cached_forget(STAFF_LINKS)


def sessions_taught_by(*, user) -> QuerySet[Session]:
    return Session.objects.filter(cohort__in=cohorts_taught_by(user=user)).select_related(
        "cohort__course", "cohort__hub"
    )


def may_teach(*, user, cohort: Cohort) -> bool:
    return cohorts_taught_by(user=user).filter(pk=cohort.pk).exists()


def may_manage(*, user, cohort: Cohort) -> bool:
    return cohorts_coordinated_by(user=user).filter(pk=cohort.pk).exists()


@dataclass(frozen=True)
class CohortListing:
    current: list[Cohort]
    past: list[Cohort]


def staff_cohorts(*, user, past_limit: int = 20) -> CohortListing:
    """The cohorts on "My cohorts": running or upcoming first, then the latest finished ones."""
    today = timezone.localdate()
    cohorts = (
        cohorts_in_reach(user=user)
        .select_related("course", "hub")
        .annotate(
            seated=Count("enrolments", filter=Q(enrolments__state__in=Enrolment.SEATED), distinct=True),
            pending=Count("enrolments", filter=Q(enrolments__state__in=PENDING), distinct=True),
        )
    )
    return CohortListing(
        current=list(cohorts.filter(ends_on__gte=today).order_by("starts_on", "pk")),
        past=list(cohorts.filter(ends_on__lt=today).order_by("-ends_on", "-pk")[:past_limit]),
    )


@dataclass(frozen=True)
class RosterRow:
    enrolment: Enrolment
    activities_completed: int
    activities_required: int
    average_score: Decimal | None
    attendance_percent: int | None


def cohort_roster(*, cohort: Cohort) -> list[RosterRow]:
    """Per seated trainee: state, required activities completed, average score, attendance."""
    enrolments = list(
        cohort.enrolments.filter(state__in=Enrolment.SEATED).select_related(
            "user__organisation", "user__governorate"
        )
    )
    required = set(
        Activity.objects.filter(module__course_id=cohort.course_id, required=True).values_list(
            "pk", flat=True
        )
    )
    results = ActivityResult.objects.filter(enrolment__cohort=cohort)
    completed = dict(
        results.filter(completed=True, activity_id__in=required)
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    averages = dict(
        results.filter(score__isnull=False)
        .values("enrolment_id")
        .annotate(avg=Avg("score"))
        .values_list("enrolment_id", "avg")
    )
    now = timezone.now()
    held = Session.objects.filter(cohort=cohort, starts_at__lte=now).count()
    attended = dict(
        AttendanceRecord.objects.filter(
            enrolment__cohort=cohort, status__in=AttendanceRecord.ATTENDED, session__starts_at__lte=now
        )
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    rows = []
    for enrolment in enrolments:
        average = averages.get(enrolment.pk)
        rows.append(
            RosterRow(
                enrolment=enrolment,
                activities_completed=completed.get(enrolment.pk, 0),
                activities_required=len(required),
                average_score=None if average is None else Decimal(average).quantize(Decimal("0.1")),
                attendance_percent=round(100 * attended.get(enrolment.pk, 0) / held) if held else None,
            )
        )
    rows.sort(key=lambda row: row.enrolment.user.get_full_name())
    return rows


def cohort_sessions(*, cohort: Cohort) -> list[Session]:
    return list(
        cohort.sessions.annotate(
            attended=Count("attendance", filter=Q(attendance__status__in=AttendanceRecord.ATTENDED))
        )
    )


@dataclass(frozen=True)
class RegisterRow:
    enrolment: Enrolment
    record: AttendanceRecord | None

    @property
    def status(self) -> str:
        return self.record.status if self.record else ""


def session_register(*, session: Session) -> list[RegisterRow]:
    """One row per seated trainee of the session's cohort, with what is recorded so far."""
    records = {r.enrolment_id: r for r in session.attendance.all()}
    enrolments = Enrolment.objects.filter(
        cohort_id=session.cohort_id, state__in=Enrolment.SEATED
    ).select_related("user")
    rows = [RegisterRow(enrolment=e, record=records.get(e.pk)) for e in enrolments]
    rows.sort(key=lambda row: row.enrolment.user.get_full_name())
    return rows


def session_checked_in(*, session: Session) -> int:
    return session.attendance.filter(status__in=AttendanceRecord.ATTENDED).count()


def session_seated(*, session: Session) -> int:
    return Enrolment.objects.filter(cohort_id=session.cohort_id, state__in=Enrolment.SEATED).count()


@dataclass(frozen=True)
class ApprovalGroup:
    cohort: Cohort
    seats_taken: int
    requests: list[Enrolment]

    @property
    def seats_free(self) -> int:
        return max(self.cohort.capacity - self.seats_taken, 0)


def approvals_queue(*, user) -> QuerySet[Enrolment]:
    """Requests and waitlisted enrolments in the cohorts ``user`` manages."""
    return (
        Enrolment.objects.filter(state__in=PENDING, cohort__in=cohorts_coordinated_by(user=user))
        .select_related("user__organisation", "user__governorate", "cohort__course", "cohort__hub")
        .order_by("cohort__starts_on", "cohort_id", "requested_at", "pk")
    )


def approvals_by_cohort(*, user) -> list[ApprovalGroup]:
    """The queue grouped by cohort, soonest cohort first, each request in order of arrival."""
    groups: dict[int, list[Enrolment]] = {}
    cohorts: dict[int, Cohort] = {}
    for enrolment in approvals_queue(user=user):
        groups.setdefault(enrolment.cohort_id, []).append(enrolment)
        cohorts[enrolment.cohort_id] = enrolment.cohort
    seats = dict(
        Enrolment.objects.filter(cohort_id__in=list(groups), state__in=Enrolment.SEATED)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    return [
        ApprovalGroup(cohort=cohorts[pk], seats_taken=seats.get(pk, 0), requests=requests)
        for pk, requests in groups.items()
    ]


def session_is_today(*, session: Session, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return timezone.localtime(session.starts_at).date() == today
