from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Assessment and certificates")

    def ready(self) -> None:
        # Credentials: the CERTIFICATION_* settings' checks, courses' signals, My learning's section.
        from certification.credentials import conf, receivers  # noqa: F401

        receivers.connect()
        receivers.learning_section_register()
