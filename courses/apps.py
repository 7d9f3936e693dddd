from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Catalogue and enrolment")

    def ready(self) -> None:
        # Registers the system check of the COURSES_* settings.
        from courses import conf  # noqa: F401
