"""The messages sent when an enrolment changes, in the trainee's own language."""

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import Enrolment

State = Enrolment.State


def _message(enrolment: Enrolment, state: str) -> str:
    course = enrolment.cohort.course.title
    cohort = enrolment.cohort.title
    texts = {
        State.APPROVED: _("You have a place in %(course)s (%(cohort)s)."),
        State.WAITLISTED: _("%(course)s (%(cohort)s) is full: you are on the waiting list."),
        State.REJECTED: _("Your request to join %(course)s (%(cohort)s) was not approved."),
        State.COMPLETED: _("Congratulations: you completed %(course)s."),
    }
    return texts[state] % {"course": course, "cohort": cohort}


def enrolment_notify(*, enrolment_id: int, state: str) -> None:
    enrolment = Enrolment.objects.select_related("user", "cohort__course").get(pk=enrolment_id)
    user = enrolment.user
    with translation.override(user.preferred_language):
        text = _message(enrolment, state)
        if user.email:
            send_mail(
                subject=_("Tadrib: your enrolment"),
                message=text,
                from_email=None,
                recipient_list=[user.email],
            )
