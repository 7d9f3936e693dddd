from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often Celery beat settles attempts whose time ran out (auto-submit, end of grace).
OVERDUE_SWEEP_SECONDS = 60.0
# How often Celery beat looks for pending certificates whose worker was lost (ADR 0025).
PENDING_RESUME_SWEEP_SECONDS = 60.0


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Assessment and certificates")

    def ready(self) -> None:
        from celery import current_app
        from django.urls import reverse

        from courses import api as courses_api

        # The "quiz" activity kind opens at assessment's quiz page: courses cannot import us.
        courses_api.activity_opener_register(
            kind="quiz", url_for=lambda activity_id: reverse("assessment:quiz", args=[activity_id])
        )
        current_app.conf.beat_schedule.setdefault(
            "certification-attempts-overdue",
            {"task": "certification.attempts_overdue_settle", "schedule": OVERDUE_SWEEP_SECONDS},
        )
        current_app.conf.beat_schedule.setdefault(
            "certification-certificates-resume",
            {"task": "certification.certificates_pending_resume", "schedule": PENDING_RESUME_SWEEP_SECONDS},
        )

        # Credentials: the CERTIFICATION_* settings' checks, courses' signals, My learning's section.
        from certification.credentials import conf, receivers  # noqa: F401

        receivers.connect()
        receivers.learning_section_register()
