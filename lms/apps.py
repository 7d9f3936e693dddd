from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The shared kernel: the home page, the centre's site settings and the base templates."""

    name = "lms"
    verbose_name = _("Training centre")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
        from wagtail.models import PageViewRestriction, Site, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from lms import pagecache
        from lms.context_processors import CENTRE, centre_changed
        from lms.deployment import checks as deployment_checks
        from lms.models import CentreSettings
        from lms.observability import tasks
        from lms.people import signals as people_signals
        from lms.people.models import Governorate, Organisation, TrainingHub, User
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
            # A page's privacy: kept pages are forgotten with the routes (lms/pagecache.py).
            signal.connect(routes_changed, sender=PageViewRestriction, dispatch_uid="lms.routes.privacy")
        # Kept pages (lms/pagecache.py) show the centre's settings, the person's name and roles.
        pagecache.page_cache_depends_always(CENTRE)
        for signal in (post_save, post_delete):
            signal.connect(pagecache.on_person_saved, sender=User, dispatch_uid="lms.pagecache.person")
        m2m_changed.connect(
            pagecache.on_person_roles_changed, sender=User.groups.through, dispatch_uid="lms.pagecache.roles"
        )
        # Names others read, on pages higher apps cache (lms/people/signals.py).
        for signal in (post_save, pre_delete):
            signal.connect(people_signals.person_shown_announce, sender=User, dispatch_uid="lms.people.shown")
        for signal in (post_save, post_delete):
            for model in (Governorate, Organisation, TrainingHub):
                signal.connect(
                    people_signals.places_changed_announce,
                    sender=model,
                    dispatch_uid=f"lms.places.{model.__name__}",
                )
        # The cached centre settings of every page (lms/context_processors.py).
        for model in (CentreSettings, Site):
            for signal in (post_save, post_delete):
                signal.connect(centre_changed, sender=model, dispatch_uid=f"lms.centre.{model.__name__}")
        # The parts `manage.py deploy_check` looks at that lms knows (lms/deployment/checks.py).
        deployment_checks.register()
