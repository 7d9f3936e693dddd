"""What course and programme pages show: cohorts with seats, the viewer's state and progress."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.catalogue.listing import NAMESPACE, TIMEOUT
from courses.enrolment.queries import (
    ENROLABLE_FROM,
    WITHDRAWABLE,
    enrolment_mode_label,
    progress_percent,
    upcoming_cohorts,
    waitlist_positions,
)
from courses.models import (
    Cohort,
    CoursePage,
    Enrolment,
    ProgrammeCompletion,
    ProgrammePage,
)
from lms.api import cached, cached_many, page_cache_depends, page_cache_keep

State = Enrolment.State
# The states in which a person learns the course (as courses.learning.completion.LEARNING).
LEARNING_STATES = (State.APPROVED, State.ACTIVE, State.FAILED, State.COMPLETED)


@dataclass(frozen=True)
class CohortRow:
    """One cohort with its seats and the viewer's place in it."""

    cohort: Cohort
    seats_left: int
    enrolment: Enrolment | None
    waitlist_position: int | None
    can_enrol: bool
    can_withdraw: bool
    closed_reason: str

    @property
    def place(self) -> str:
        return self.cohort.hub.name if self.cohort.hub_id else _("Online")

    @property
    def governorate(self) -> str:
        return self.cohort.hub.governorate.name if self.cohort.hub_id else ""

    @property
    def mode_label(self) -> str:
        return enrolment_mode_label(self.cohort.enrolment_mode)


def _with_seats(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    return cohorts.select_related("hub__governorate").annotate(
        seats_taken=Count("enrolments", filter=Q(enrolments__state__in=Enrolment.SEATED))
    )


def _cohort_rows(cohorts: list[Cohort], user) -> list[CohortRow]:
    mine: dict[int, Enrolment] = {}
    if user.is_authenticated and cohorts:
        mine = {e.cohort_id: e for e in Enrolment.objects.filter(user=user, cohort__in=cohorts)}
    positions = waitlist_positions(list(mine.values()))
    now = timezone.now()
    rows = []
    for cohort in cohorts:
        enrolment = mine.get(cohort.pk)
        free_to_ask = enrolment is None or enrolment.state in ENROLABLE_FROM
        closed_reason = ""
        if cohort.enrolment_mode == Cohort.EnrolmentMode.INVITATION:
            closed_reason = _("By invitation only.")
        elif not cohort.enrolment_is_open(now):
            if cohort.enrolment_opens_at and now < cohort.enrolment_opens_at:
                closed_reason = _("Enrolment opens on %(date)s.") % {
                    "date": timezone.localtime(cohort.enrolment_opens_at).date().isoformat()
                }
            else:
                closed_reason = _("Enrolment is closed.")
        rows.append(
            CohortRow(
                cohort=cohort,
                seats_left=max(cohort.capacity - cohort.seats_taken, 0),
                enrolment=enrolment,
                waitlist_position=positions.get(enrolment.pk) if enrolment else None,
                can_enrol=free_to_ask and not closed_reason,
                can_withdraw=enrolment is not None and enrolment.state in WITHDRAWABLE,
                closed_reason=closed_reason,
            )
        )
    return rows


def course_page_keep(request, *, course: CoursePage, context: dict | None = None) -> None:
    """A course page may be kept per person (ADR 0026; not if its view is restricted,
    ``lms.routing``): before its context is read, what it depends on; after, when it changes by
    itself (a cohort's enrolment opens or closes)."""
    from courses.learning.kept_pages import course_namespace, seats_namespace

    if context is None:
        page_cache_keep(
            request, namespaces=[NAMESPACE, course_namespace(course.pk), seats_namespace(course.pk)]
        )
        return
    cohorts = [row.cohort for row in context["cohort_rows"]]
    page_cache_depends(
        request,
        until=[moment for c in cohorts for moment in (c.enrolment_opens_at, c.enrolment_closes_at)],
    )


def course_page_context(*, course: CoursePage, user) -> dict[str, Any]:
    """A course's upcoming cohorts with seats left and the viewer's state in each, and what the
    page says of the course to everyone (``course_facts``)."""
    cohorts = list(_with_seats(upcoming_cohorts().filter(course=course)).order_by("starts_on", "pk"))
    rows = _cohort_rows(cohorts, user)
    shown = {row.cohort.pk for row in rows}
    past: list[Enrolment] = []
    completed_prerequisites: set[int] = set()
    facts = course_facts(course=course)
    if user.is_authenticated:
        # Enrolments in cohorts that have ended (a completed course, say) are not in the table.
        past = [
            e
            for e in Enrolment.objects.filter(user=user, cohort__course=course)
            .exclude(state__in=ENROLABLE_FROM)
            .select_related("cohort")
            .order_by("-requested_at")
            if e.cohort_id not in shown
        ]
        if facts.prerequisites:
            completed_prerequisites = set(
                Enrolment.objects.filter(
                    user=user,
                    state=State.COMPLETED,
                    cohort__course__in=[link.page_id for link in facts.prerequisites],
                ).values_list("cohort__course_id", flat=True)
            )
    return {
        "learning_course_id": _learning_course_id(user, course),
        "cohort_rows": rows,
        "past_enrolments": past,
        "facts": facts,
        "prerequisites": [(link, link.page_id in completed_prerequisites) for link in facts.prerequisites],
    }


@dataclass(frozen=True)
class PageLink:
    page_id: int
    url: str
    title: str


@dataclass(frozen=True)
class CourseFacts:
    """What a course page says of the course to everyone, in one language: plain values only
    (names, not people's rows), so that they can be kept in the shared cache."""

    programmes: list[PageLink]
    topics: list[str]
    language_labels: list[str]
    prerequisites: list[PageLink]
    modules: list[tuple[str, int]]  # title, number of activities
    instructors: list[tuple[str, str]]  # full name, job title


def course_facts(*, course: CoursePage) -> CourseFacts:
    """``CourseFacts`` of the course in the active language, from the shared cache (forgotten with
    the catalogue's listing and when an outline changes; instructors' names are people's, which
    ``lms`` announces no change of: at most ``courses.catalogue.listing.TIMEOUT`` old)."""

    def read() -> CourseFacts:
        return CourseFacts(
            programmes=[
                PageLink(place.programme_id, place.programme.url, place.programme.title)
                for place in course.programme_places.select_related("programme").filter(programme__live=True)
            ],
            topics=[topic.name for topic in course.topics.all()],
            language_labels=[
                str(CoursePage.Language(code).label)
                for code in course.languages or []
                if code in CoursePage.Language.values
            ],
            prerequisites=[
                PageLink(p.pk, p.url, p.title) for p in course.prerequisites.live().order_by("title")
            ],
            modules=[
                (module.title, module.activity_count)
                for module in course.modules.annotate(activity_count=Count("activities")).order_by(
                    "position", "pk"
                )
            ],
            instructors=[(i.get_full_name(), i.job_title) for i in course.instructors.all()],
        )

    return cached(NAMESPACE, f"course:{course.pk}:{get_language()}", read, timeout=TIMEOUT)


def course_addresses(*, course_ids) -> dict[int, str]:
    """Each course page's address, from the shared cache (forgotten with the catalogue's listing,
    when a course page is published, moved or deleted): My learning links every course without
    asking Wagtail for each page's site and address."""

    def read(keys: list[str]) -> dict[str, str]:
        pages = CoursePage.objects.filter(pk__in=[int(key.split(":")[1]) for key in keys])
        addresses = {page.pk: page.get_url() or "" for page in pages}
        return {key: addresses.get(int(key.split(":")[1]), "") for key in keys}

    language = get_language()
    keys = {f"address:{pk}:{language}": pk for pk in course_ids}
    return {keys[key]: address for key, address in cached_many(NAMESPACE, list(keys), read).items()}


def _learning_course_id(user, course: CoursePage) -> int | None:
    """The course (the page the cohorts hang on, whichever translation is read) whose home the
    viewer may go to, when they learn it."""
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.filter(
            user=user, cohort__course__translation_key=course.translation_key, state__in=LEARNING_STATES
        )
        .order_by("-requested_at")
        .values_list("cohort__course_id", flat=True)
        .first()
    )


@dataclass(frozen=True)
class PathStep:
    """One course of a programme's path and the viewer's progress in it."""

    position: int
    course: CoursePage
    enrolment: Enrolment | None
    percent: int | None
    next_cohort: Cohort | None
    waitlist_position: int | None = None

    @property
    def is_completed(self) -> bool:
        return self.enrolment is not None and self.enrolment.state == State.COMPLETED

    @property
    def in_progress(self) -> bool:
        """Learning now: active, or seated in a cohort that has started."""
        e = self.enrolment
        return e is not None and (
            e.state == State.ACTIVE
            or (e.state == State.APPROVED and e.cohort.starts_on <= timezone.localdate())
        )


def _latest_enrolments(*, user, course_ids) -> dict[int, Enrolment]:
    """Per course, the viewer's most meaningful enrolment: completed first, else the latest."""
    found: dict[int, Enrolment] = {}
    if not user.is_authenticated:
        return found
    for e in (
        Enrolment.objects.filter(user=user, cohort__course_id__in=course_ids)
        .exclude(state__in=ENROLABLE_FROM)
        .select_related("cohort")
        .order_by("requested_at", "pk")
    ):
        current = found.get(e.cohort.course_id)
        if current is None or current.state != State.COMPLETED:
            found[e.cohort.course_id] = e
    return found


def programme_page_context(*, programme: ProgrammePage, user) -> dict[str, Any]:
    """The programme's ordered path with the viewer's progress in each course."""
    places = list(
        programme.programme_courses.filter(course__live=True)
        .select_related("course")
        .order_by("sort_order", "pk")
    )
    course_ids = [p.course_id for p in places]
    enrolments = _latest_enrolments(user=user, course_ids=course_ids)
    progress = progress_percent(list(enrolments.values()))
    positions = waitlist_positions(list(enrolments.values()))
    next_cohorts: dict[int, Cohort] = {}
    for cohort in (
        upcoming_cohorts()
        .filter(course_id__in=course_ids, starts_on__gte=timezone.localdate())
        .select_related("hub")
        .order_by("-starts_on", "-pk")
    ):
        next_cohorts[cohort.course_id] = cohort  # the earliest wins, being written last
    steps = [
        PathStep(
            position=index,
            course=place.course,
            enrolment=enrolments.get(place.course_id),
            percent=progress.get(enrolments[place.course_id].pk) if place.course_id in enrolments else None,
            next_cohort=next_cohorts.get(place.course_id),
            waitlist_position=positions.get(enrolments[place.course_id].pk)
            if place.course_id in enrolments
            else None,
        )
        for index, place in enumerate(places, start=1)
    ]
    completed = sum(step.is_completed for step in steps)
    return {
        "steps": steps,
        "completed_count": completed,
        "programme_completed": user.is_authenticated
        and ProgrammeCompletion.objects.filter(user=user, programme=programme).exists(),
        "percent": round(100 * completed / len(steps)) if steps else 0,
    }
