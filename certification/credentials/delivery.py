"""Telling a trainee their certificate is ready: an e-mail and an SMS with the verification link,
in their own language. The SMS goes through ``courses``' pluggable gateway (``courses.api``)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from certification.credentials.models import Certificate
from certification.credentials.verification import verify_url
from courses import api as courses
from lms import api as lms


def _certificate(certificate_id: int) -> Certificate:
    return Certificate.objects.get(pk=certificate_id)


def certificate_email(*, certificate_id: int) -> None:
    certificates_email(certificate_ids=[certificate_id])


def certificates_email(*, certificate_ids: list[int]) -> None:
    """E-mail each trainee whose certificate is issued, over one connection; queue their SMS."""
    from certification.credentials.tasks import certificate_sms_task

    certificates = list(Certificate.objects.filter(pk__in=certificate_ids, state=Certificate.State.ISSUED))
    people = lms.people(user_ids={c.user_id for c in certificates})
    messages = []
    for certificate in certificates:
        person = people[certificate.user_id]
        if person.email:
            with translation.override(person.language):
                download = settings.SITE_URL.rstrip("/") + reverse("courses:my_learning")
                text = _(
                    "Your certificate for %(course)s is ready.\n\nAnyone can check it here: %(url)s\n\n"
                    "Download it from My learning: %(download)s"
                ) % {
                    "course": certificate.facts.get("course", ""),
                    "url": verify_url(certificate.serial),
                    "download": download,
                }
                messages.append(
                    EmailMessage(subject=_("Tadrib: your certificate"), body=text + "\n", to=[person.email])
                )
        if person.phone:
            certificate_sms_task.delay(certificate_id=certificate.pk)
    if messages:
        get_connection().send_messages(messages)


def certificate_sms(*, certificate_id: int) -> None:
    certificate = _certificate(certificate_id)
    person = lms.people(user_ids=[certificate.user_id])[certificate.user_id]
    if not person.phone or certificate.state != Certificate.State.ISSUED:
        return
    with translation.override(person.language):
        text = _("Tadrib: your certificate for %(course)s: %(url)s") % {
            "course": certificate.facts.get("course", ""),
            "url": verify_url(certificate.serial),
        }
    courses.sms_send(to=person.phone, text=text)
