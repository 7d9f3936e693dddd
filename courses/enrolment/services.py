"""The enrolment lifecycle: requested → waitlisted | approved → active → completed | failed | withdrawn.

Every change goes through ``_transition``, which checks the move is allowed, saves the state and
records who, when and why, in the caller's transaction. Seats are counted with the cohort row
locked, so two people cannot take the last seat at once.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.errors import CoursesError
from courses.models import Cohort, Enrolment, EnrolmentTransition
from courses.rules import eligibility_problems
from courses.signals import enrolment_changed_on_commit
from courses.tasks import enrolment_notify

State = Enrolment.State
logger = logging.getLogger(__name__)

# The changes a trainee is told about, by e-mail and SMS.
NOTIFIED = {State.APPROVED, State.WAITLISTED, State.REJECTED, State.COMPLETED}

ALLOWED: dict[str, set[str]] = {
    State.REQUESTED: {State.APPROVED, State.WAITLISTED, State.REJECTED, State.WITHDRAWN},
    State.WAITLISTED: {State.APPROVED, State.REJECTED, State.WITHDRAWN},
    State.APPROVED: {State.ACTIVE, State.WITHDRAWN},
    State.ACTIVE: {State.COMPLETED, State.FAILED, State.WITHDRAWN},
    State.FAILED: {State.COMPLETED, State.WITHDRAWN},
    State.COMPLETED: set(),
    State.WITHDRAWN: {State.REQUESTED},
    State.REJECTED: {State.REQUESTED},
}


def _transition(enrolment: Enrolment, to_state: str, *, by=None, reason: str) -> Enrolment:
    from_state = enrolment.state
    if to_state not in ALLOWED[from_state]:
        raise CoursesError(
            _("An enrolment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": State(from_state).label, "to": State(to_state).label},
            code="transition_not_allowed",
        )
    enrolment.state = to_state
    if to_state == State.COMPLETED:
        enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["state", "completed_at", "updated_at"])
    EnrolmentTransition.objects.create(
        enrolment=enrolment, from_state=from_state, to_state=to_state, by=by, reason=reason[:300]
    )
    if to_state in NOTIFIED:
        transaction.on_commit(lambda: enrolment_notify.delay(enrolment_id=enrolment.pk, state=to_state))
    enrolment_changed_on_commit(enrolment_ids=[enrolment.pk])
    return enrolment


def _locked(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def seats_taken(cohort: Cohort) -> int:
    return cohort.enrolments.filter(state__in=Enrolment.SEATED).count()


def _seat_or_waitlist(enrolment: Enrolment, *, by, reason: str) -> Enrolment:
    """Approve when a seat is free (activating if the cohort has started), else waitlist."""
    cohort = enrolment.cohort
    if seats_taken(cohort) < cohort.capacity:
        _transition(enrolment, State.APPROVED, by=by, reason=reason)
        if cohort.starts_on <= timezone.localdate():
            _transition(enrolment, State.ACTIVE, by=by, reason=_("The cohort has started."))
        return enrolment
    if enrolment.state != State.WAITLISTED:
        _transition(enrolment, State.WAITLISTED, by=by, reason=_("The cohort is full."))
    return enrolment


@transaction.atomic
def enrolment_request(*, user, cohort: Cohort, reason: str = "") -> Enrolment:
    """A person asks for a place: seated at once in an open cohort, else left for approval."""
    cohort = _locked(cohort)
    if cohort.enrolment_mode == Cohort.EnrolmentMode.INVITATION:
        raise CoursesError(_("This cohort is by invitation only."), code="invitation_only")
    if not cohort.enrolment_is_open():
        raise CoursesError(_("Enrolment in this cohort is not open."), code="enrolment_closed")
    problems = eligibility_problems(user=user, cohort=cohort)
    if problems:
        raise CoursesError(" ".join(problems), code="not_eligible")
    enrolment = _fresh_or_renewed(
        user=user, cohort=cohort, by=user, reason=reason or _("Requested by the trainee.")
    )
    if cohort.enrolment_mode == Cohort.EnrolmentMode.OPEN:
        _seat_or_waitlist(enrolment, by=None, reason=_("Open enrolment."))
    return enrolment


@transaction.atomic
def enrolment_invite(*, user, cohort: Cohort, by, reason: str = "") -> Enrolment:
    """Staff place a person in a cohort directly (invitation, bulk list): no window, no approval."""
    cohort = _locked(cohort)
    enrolment = _fresh_or_renewed(user=user, cohort=cohort, by=by, reason=reason or _("Invited."))
    if enrolment.state in (State.REQUESTED, State.WAITLISTED):
        _seat_or_waitlist(enrolment, by=by, reason=reason or _("Invited."))
    return enrolment


def _fresh_or_renewed(*, user, cohort: Cohort, by, reason: str) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().filter(user=user, cohort=cohort).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(user=user, cohort=cohort, state=State.REQUESTED)
        EnrolmentTransition.objects.create(
            enrolment=enrolment, to_state=State.REQUESTED, by=by, reason=reason[:300]
        )
        enrolment_changed_on_commit(enrolment_ids=[enrolment.pk])
        return enrolment
    if enrolment.state in (State.WITHDRAWN, State.REJECTED):
        enrolment.requested_at = timezone.now()
        enrolment.save(update_fields=["requested_at"])
        return _transition(enrolment, State.REQUESTED, by=by, reason=reason)
    if by is not None and by != user:
        return enrolment
    raise CoursesError(_("You are already enrolled in this cohort."), code="already_enrolled")


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, by, reason: str = "") -> Enrolment:
    """A hub coordinator or programme manager approves a request; a full cohort waitlists it."""
    _locked(enrolment.cohort)
    enrolment.refresh_from_db()
    if enrolment.state not in (State.REQUESTED, State.WAITLISTED):
        raise CoursesError(_("Only a pending request can be approved."), code="not_pending")
    return _seat_or_waitlist(enrolment, by=by, reason=reason or _("Approved."))


@transaction.atomic
def enrolment_reject(*, enrolment: Enrolment, by, reason: str) -> Enrolment:
    if not reason.strip():
        raise CoursesError(_("Give a reason for the rejection."), code="reason_required")
    enrolment.refresh_from_db()
    return _transition(enrolment, State.REJECTED, by=by, reason=reason)


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, by, reason: str = "") -> Enrolment:
    """The trainee or staff withdraw; a freed seat goes to the first person on the waitlist."""
    cohort = _locked(enrolment.cohort)
    enrolment.refresh_from_db()
    held_a_seat = enrolment.state in Enrolment.SEATED
    _transition(enrolment, State.WITHDRAWN, by=by, reason=reason or _("Withdrawn."))
    if held_a_seat:
        waitlist_promote(cohort=cohort)
    return enrolment


@transaction.atomic
def waitlist_promote(*, cohort: Cohort) -> list[Enrolment]:
    """Seat waitlisted people, first come first served, while seats are free."""
    cohort = _locked(cohort)
    promoted = []
    free = cohort.capacity - seats_taken(cohort)
    for enrolment in cohort.enrolments.filter(state=State.WAITLISTED).order_by("requested_at", "pk")[
        : max(free, 0)
    ]:
        promoted.append(_seat_or_waitlist(enrolment, by=None, reason=_("A seat became free.")))
    return promoted


@transaction.atomic
def cohort_start(*, cohort: Cohort) -> int:
    """Activate the approved enrolments of a cohort that has started (run daily by Celery beat)."""
    started = 0
    for enrolment in cohort.enrolments.select_for_update().filter(state=State.APPROVED):
        _transition(enrolment, State.ACTIVE, by=None, reason=_("The cohort has started."))
        started += 1
    return started


def enrolment_finish(*, enrolment: Enrolment, completed: bool, reason: str) -> Enrolment:
    """Mark an active (or failed) enrolment completed or failed; used by the completion service."""
    return _transition(enrolment, State.COMPLETED if completed else State.FAILED, by=None, reason=reason)


@transaction.atomic
def enrolment_invite_many(*, users: list, cohort: Cohort, by, reason: str = "") -> list[Enrolment]:
    """``enrolment_invite`` for many people at once who have never been in ``cohort`` (bulk lists).

    The same records as one ``enrolment_invite`` per person, in order — each requested, then
    approved (and activated if the cohort has started) while seats are free, else waitlisted,
    every step recorded and notified — written with a few bulk inserts instead of a dozen
    queries per person. Anyone with an enrolment in the cohort, even withdrawn, must go through
    ``enrolment_invite``; the unique (user, cohort) constraint refuses them here.
    """
    if not users:
        return []
    cohort = _locked(cohort)
    reason = (reason or _("Invited."))[:300]
    started = cohort.starts_on <= timezone.localdate()
    free = max(cohort.capacity - seats_taken(cohort), 0)
    now = timezone.now()
    enrolments, steps = [], []
    for user in users:
        path = [State.REQUESTED]
        if free > 0:
            free -= 1
            path += [State.APPROVED, State.ACTIVE] if started else [State.APPROVED]
        else:
            path.append(State.WAITLISTED)
        enrolments.append(Enrolment(user=user, cohort=cohort, state=path[-1], requested_at=now))
        steps.append(path)
    enrolments = Enrolment.objects.bulk_create(enrolments)
    reasons = {
        State.REQUESTED: reason,
        State.APPROVED: reason,
        State.ACTIVE: _("The cohort has started."),
        State.WAITLISTED: _("The cohort is full."),
    }
    EnrolmentTransition.objects.bulk_create(
        EnrolmentTransition(
            enrolment=enrolment, from_state=before, to_state=after, by=by, reason=reasons[after]
        )
        for enrolment, path in zip(enrolments, steps, strict=True)
        for before, after in zip(["", *path], path, strict=False)
    )
    notices = [
        (enrolment.pk, state)
        for enrolment, path in zip(enrolments, steps, strict=True)
        for state in path
        if state in NOTIFIED
    ]
    transaction.on_commit(lambda: _notify_all(notices))
    enrolment_changed_on_commit(enrolment_ids=[enrolment.pk for enrolment in enrolments])
    return enrolments


def _notify_all(notices: list[tuple[int, str]]) -> None:
    # One person's failed message (eager tasks raise) must not keep the others from theirs.
    for enrolment_id, state in notices:
        try:
            enrolment_notify.delay(enrolment_id=enrolment_id, state=state)
        except Exception:
            logger.exception("Enrolment %s: the %s notice was not sent", enrolment_id, state)
