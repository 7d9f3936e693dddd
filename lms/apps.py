from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The shared kernel: the home page, the centre's site settings and the base templates."""

    name = "lms"
    verbose_name = _("Training centre")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from lms.context_processors import centre_changed
        from lms.deployment import checks as deployment_checks
        from lms.models import CentreSettings

        # The cached centre settings of every page (lms/context_processors.py).
        for model in (CentreSettings, Site):
            for signal in (post_save, post_delete):
                signal.connect(centre_changed, sender=model, dispatch_uid=f"lms.centre.{model.__name__}")
        # The parts `manage.py deploy_check` looks at that lms knows (lms/deployment/checks.py).
        deployment_checks.register()
