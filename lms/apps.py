from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The shared kernel: the home page, the centre's site settings and the base templates."""

    name = "lms"
    verbose_name = _("Training centre")
