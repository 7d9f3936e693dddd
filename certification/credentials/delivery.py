"""Telling a trainee their certificate is ready: an e-mail and an SMS with the verification link,
in their own language. The SMS goes through ``courses``' pluggable gateway (``courses.api``)."""

from django.conf import settings
from django.core.mail import send_mail
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
    from certification.credentials.tasks import certificate_sms_task

    certificate = _certificate(certificate_id)
    if certificate.state != Certificate.State.ISSUED:
        return
    person = lms.people(user_ids=[certificate.user_id])[certificate.user_id]
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
            send_mail(
                subject=_("Tadrib: your certificate"),
                message=text + "\n",
                from_email=None,
                recipient_list=[person.email],
            )
    if person.phone:
        certificate_sms_task.delay(certificate_id=certificate_id)


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
