from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    # This module also holds TadribUsersConfig, so Django needs to be told which one is ours.
    default = True
    name = "lms.people"
    label = "people"
    verbose_name = _("People and places")

    def ready(self) -> None:
        from lms.people import services

        # Permissions are created app by app during post_migrate, so the role groups are
        # re-synchronised after each app; the sync is idempotent and cheap.
        post_migrate.connect(services.roles_sync_after_migrate, dispatch_uid="people.roles_sync")


class TadribUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user management with forms for Tadrib's user model."""

    user_viewset = "lms.people.wagtail_users.PersonViewSet"
