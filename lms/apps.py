from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The shared kernel: the home page, the centre's site settings and the base templates."""

    name = "lms"
    verbose_name = _("Training centre")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from lms.context_processors import centre_changed
        from lms.deployment import checks as deployment_checks
        from lms.models import CentreSettings
        from lms.observability import tasks
        from lms.routing import routes_changed

        # The request id travels into tasks; task runs are logged and counted (ADR 0023).
        tasks.connect()

        # The pages' addresses (lms/routing.py): every page model, as no sender would make every
        # model's deletion send the signal row by row.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(routes_changed, dispatch_uid="lms.routes")
        for model in get_page_models():
            post_delete.connect(routes_changed, sender=model, dispatch_uid=f"lms.routes.{model._meta.label}")
        for signal in (post_save, post_delete):
            signal.connect(routes_changed, sender=Site, dispatch_uid="lms.routes.site")
        # The cached centre settings of every page (lms/context_processors.py).
        for model in (CentreSettings, Site):
            for signal in (post_save, post_delete):
                signal.connect(centre_changed, sender=model, dispatch_uid=f"lms.centre.{model.__name__}")
        # The parts `manage.py deploy_check` looks at that lms knows (lms/deployment/checks.py).
        deployment_checks.register()
