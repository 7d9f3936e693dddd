"""Receivers of ``courses``' signals: each only calls one of the credentials' services, inside the
transaction that completed the course or programme (courses sends the signals there)."""

from certification.credentials.services import (
    certificate_issue_for_enrolment,
    certificate_issue_for_programme,
)
from lms import api as lms_api


def on_course_completed(sender, *, enrolment_id: int, **kwargs) -> None:
    certificate_issue_for_enrolment(enrolment_id=enrolment_id)


def on_programme_completed(sender, *, user_id: int, programme_id: int, **kwargs) -> None:
    certificate_issue_for_programme(user_id=user_id, programme_id=programme_id)


def on_certificate_saved(sender, instance, **kwargs) -> None:
    """My learning lists the person's certificates: their kept pages are read anew (ADR 0026)."""
    lms_api.person_pages_forget(person_ids=[instance.user_id])


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from certification.credentials.models import Certificate
    from courses import api as courses

    for signal in (post_save, post_delete):
        signal.connect(on_certificate_saved, sender=Certificate, dispatch_uid="certification.kept_pages")
    courses.course_completed.connect(on_course_completed, dispatch_uid="certification.credentials.course")
    courses.programme_completed.connect(
        on_programme_completed, dispatch_uid="certification.credentials.programme"
    )


def learning_section_register() -> None:
    from certification.credentials.views import learning_section
    from courses import api as courses

    courses.learning_section_register(key="certificates", order=100, render=learning_section)
