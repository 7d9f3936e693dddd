"""My learning: a trainee's own enrolments in sections, progress and the next step."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.catalogue.pages import course_addresses
from courses.context_processors import catalogue_url
from courses.enrolment.queries import ENROLABLE_FROM, WITHDRAWABLE, progress_percent, waitlist_positions
from courses.learning import kept_pages
from courses.learning.openers import activity_url
from courses.learning.outline import course_outlines
from courses.models import (
    Activity,
    ActivityResult,
    Cohort,
    CoursePage,
    Enrolment,
    Session,
)

State = Enrolment.State


@dataclass(frozen=True)
class NextStep:
    """What a trainee should do next in a course: an activity or a session."""

    enrolment: Enrolment
    activity: Activity | None = None
    available_from: datetime.datetime | None = None
    after: Activity | None = None
    session: Session | None = None

    @property
    def url(self) -> str | None:
        """Where the activity opens, when it is open now."""
        if self.activity is None or self.after is not None or self.available_from is not None:
            return None
        return activity_url(activity_id=self.activity.pk, kind=self.activity.kind)


@dataclass
class LearningItem:
    enrolment: Enrolment
    course_address: str = ""
    percent: int | None = None
    waitlist_position: int | None = None
    next_step: NextStep | None = None
    show_progress: bool = False

    @property
    def cohort(self) -> Cohort:
        return self.enrolment.cohort

    @property
    def course(self) -> CoursePage:
        return self.enrolment.cohort.course

    @property
    def place(self) -> str:
        return self.cohort.hub.name if self.cohort.hub_id else _("Online")

    @property
    def has_course_home(self) -> bool:
        """Whether the trainee learns the course in this enrolment (has a place, or had)."""
        return self.enrolment.state in (State.APPROVED, State.ACTIVE, State.FAILED, State.COMPLETED)

    @property
    def can_withdraw(self) -> bool:
        return self.enrolment.state in WITHDRAWABLE


def learning_overview(
    *, user, depends_on: Callable[[list[str]], None] = lambda namespaces: None
) -> dict[str, Any]:
    """The trainee's own enrolments in sections, with progress and the next step in each course.

    ``depends_on`` is told, before they are read, the namespaces of what is read of the courses
    besides the person's own rows (their cohorts' sessions, waiting lists): for a kept page."""
    today = timezone.localdate()
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(user=user, cohort__course__live=True)
        .exclude(state__in=ENROLABLE_FROM)
        .select_related("cohort__course", "cohort__hub__governorate")
        .order_by("cohort__starts_on", "pk")
    )
    courses = {e.cohort.course_id for e in enrolments}
    waiting = {e.cohort.course_id for e in enrolments if e.state == State.WAITLISTED}
    depends_on(
        [kept_pages.course_namespace(pk) for pk in sorted(courses)]
        + [kept_pages.seats_namespace(pk) for pk in sorted(waiting)]
    )
    addresses = course_addresses(course_ids={e.cohort.course_id for e in enrolments})
    items = {
        e.pk: LearningItem(enrolment=e, course_address=addresses[e.cohort.course_id]) for e in enrolments
    }
    for pk, position in waitlist_positions(enrolments).items():
        items[pk].waitlist_position = position
    learning = [
        e for e in enrolments if e.state in (State.ACTIVE, State.APPROVED, State.FAILED, State.COMPLETED)
    ]
    for pk, percent in progress_percent(learning).items():
        items[pk].percent = percent

    current = [
        e
        for e in enrolments
        if e.state == State.ACTIVE or (e.state == State.APPROVED and e.cohort.starts_on <= today)
    ]
    _next_steps(current, items, now=now)
    for e in enrolments:
        items[e.pk].show_progress = e in current or e.state == State.FAILED

    def section(condition) -> list[LearningItem]:
        return [items[e.pk] for e in enrolments if condition(e)]

    sections = {
        "current": section(lambda e: e in current),
        "upcoming": section(lambda e: e.state == State.APPROVED and e.cohort.starts_on > today),
        "waiting": section(lambda e: e.state in (State.REQUESTED, State.WAITLISTED)),
        "finished": section(lambda e: e.state in (State.COMPLETED, State.FAILED)),
    }
    return {
        **sections,
        "next_step": _overall_next_step(
            [item.next_step for item in sections["current"] if item.next_step], now
        ),
        "upcoming_start": sections["upcoming"][0] if sections["upcoming"] else None,
        "has_anything": bool(enrolments),
        # The live catalogue's address in the active language, from the shared cache.
        "catalogue_url": catalogue_url(),
    }


def _overall_next_step(steps: list[NextStep], now) -> NextStep | None:
    """A session in the next two days comes first, then an activity open now, then any session."""
    with_session = sorted((s for s in steps if s.session), key=lambda s: s.session.starts_at)
    if with_session and with_session[0].session.starts_at <= now + datetime.timedelta(days=2):
        return NextStep(enrolment=with_session[0].enrolment, session=with_session[0].session)
    for step in steps:
        if step.activity and not step.available_from and not step.after:
            return step
    return with_session[0] if with_session else (steps[0] if steps else None)


def _next_steps(current: list[Enrolment], items: dict[int, LearningItem], *, now) -> None:
    """For each current enrolment: the first activity not completed (released or not), or the next
    session of its cohort. Two queries for all enrolments together, and the cached outlines."""
    if not current:
        return
    outlines = course_outlines(course_ids=[e.cohort.course_id for e in current])
    completed = set(
        ActivityResult.objects.filter(enrolment__in=current, completed=True).values_list(
            "enrolment_id", "activity_id"
        )
    )
    sessions: dict[int, Session] = {}
    for session in Session.objects.filter(
        cohort_id__in=[e.cohort_id for e in current], ends_at__gte=now
    ).order_by("-starts_at", "-pk"):
        sessions[session.cohort_id] = session  # the soonest wins, being written last
    for e in current:
        session = sessions.get(e.cohort_id)
        step = None
        for activity in outlines[e.cohort.course_id]:
            if (e.pk, activity.pk) in completed:
                continue
            waiting_for = activity.released_after
            if waiting_for is not None and (e.pk, waiting_for.pk) in completed:
                waiting_for = None
            later = (
                activity.released_from if activity.released_from and activity.released_from > now else None
            )
            step = NextStep(
                enrolment=e, activity=activity, available_from=later, after=waiting_for, session=session
            )
            break
        if step is None and session is not None:
            step = NextStep(enrolment=e, session=session)
        items[e.pk].next_step = step
