"""The messages sent when an enrolment changes, in the trainee's own language.

``enrolment_notify`` sends the e-mail and queues the SMS as a task of its own, so that a
gateway that is down retries the SMS alone and never sends the e-mail twice.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import Enrolment
from courses.notifications.sms import sms_send

State = Enrolment.State


def _enrolment(enrolment_id: int) -> Enrolment:
    return Enrolment.objects.select_related("user", "cohort__course").get(pk=enrolment_id)


def _message(enrolment: Enrolment, state: str) -> str:
    course = enrolment.cohort.course.title
    cohort = enrolment.cohort.title
    texts = {
        State.APPROVED: _("You have a place in %(course)s (%(cohort)s)."),
        State.WAITLISTED: _("%(course)s (%(cohort)s) is full: you are on the waiting list."),
        State.REJECTED: _("Your request to join %(course)s (%(cohort)s) was not approved."),
        State.COMPLETED: _("Congratulations: you completed %(course)s."),
    }
    text = texts[state] % {"course": course, "cohort": cohort}
    if state == State.REJECTED:
        last = enrolment.transitions.filter(to_state=State.REJECTED).last()
        if last and last.reason:
            text = f"{text} " + _("Reason: %(reason)s") % {"reason": last.reason}
    return text


def enrolment_notify(*, enrolment_id: int, state: str) -> None:
    """E-mail the trainee now and queue the SMS (when they have a phone number)."""
    enrolment = _enrolment(enrolment_id)
    user = enrolment.user
    if user.email:
        with translation.override(user.preferred_language):
            text = _message(enrolment, state)
            link = _("Your training: %(url)s") % {"url": settings.SITE_URL.rstrip("/") + "/"}
            send_mail(
                subject=_("Tadrib: your enrolment"),
                message=f"{text}\n\n{link}\n",
                from_email=None,
                recipient_list=[user.email],
            )
    if user.phone:
        from courses.tasks import enrolment_sms

        enrolment_sms.delay(enrolment_id=enrolment_id, state=state)


def enrolment_sms_send(*, enrolment_id: int, state: str) -> None:
    """Text the trainee the same news; raises ``SmsTemporaryError`` when the gateway may take it later."""
    enrolment = _enrolment(enrolment_id)
    user = enrolment.user
    if not user.phone:
        return
    with translation.override(user.preferred_language):
        text = _("Tadrib: %(message)s") % {"message": _message(enrolment, state)}
    sms_send(to=user.phone.as_e164, text=text)
