"""The allowed moves of an attempt, and the one function that makes them (who and why recorded)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from certification.assessment.errors import AssessmentError

from .models import Attempt, AttemptTransition

State = Attempt.State

ALLOWED: dict[str, set[str]] = {
    State.IN_PROGRESS: {State.SUBMITTED, State.ABANDONED},
    State.SUBMITTED: {State.GRADED, State.NEEDS_GRADING},
    State.NEEDS_GRADING: {State.GRADED},
    State.GRADED: set(),
    State.ABANDONED: set(),
}


def transition(attempt: Attempt, to_state: str, *, by=None, reason: str) -> Attempt:
    from_state = attempt.state
    if to_state not in ALLOWED[from_state]:
        raise AssessmentError(
            _("An attempt cannot go from “%(from)s” to “%(to)s”.")
            % {"from": State(from_state).label, "to": State(to_state).label},
            code="transition_not_allowed",
        )
    attempt.state = to_state
    now = timezone.now()
    if to_state == State.SUBMITTED:
        attempt.submitted_at = now
    if to_state == State.GRADED:
        attempt.graded_at = now
    attempt.save(update_fields=["state", "submitted_at", "graded_at"])
    AttemptTransition.objects.create(
        attempt=attempt, from_state=from_state, to_state=to_state, by=by, reason=reason[:300]
    )
    return attempt
