"""What ``lms`` adds to every page: the centre's settings and whether to link to the admin.

Both are on every page, so they cost no query of their own for a trainee: the centre's settings
come from the shared cache (forgotten when they or a site change), and the admin link asks for
permissions only of people in a group that may lead there (the admin is reached through roles).
"""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lms.caching import cached, cached_forget
from lms.models import CentreSettings
from lms.people.roles import ROLE_PERMISSIONS, role_codes

CENTRE = "lms:centre"
# The roles that give no way into the admin (trainees, hub coordinators): holding only these, a
# person is not asked for permissions on every page.
OUTSIDE_ADMIN = frozenset(
    role.value
    for role, permissions in ROLE_PERMISSIONS.items()
    if "wagtailadmin.access_admin" not in permissions
)


def centre_settings(request: HttpRequest) -> CentreSettings:
    return cached(CENTRE, request.get_host(), lambda: CentreSettings.for_request(request))


def centre_changed(sender, **kwargs) -> None:
    """Receiver of saving or deleting the centre's settings or a site."""
    cached_forget(CENTRE)


def may_open_admin(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (
        bool(role_codes(user) - OUTSIDE_ADMIN) and user.has_perm("wagtailadmin.access_admin")
    )


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "centre": SimpleLazyObject(lambda: centre_settings(request)),
        "may_open_admin": SimpleLazyObject(lambda: user is not None and may_open_admin(user)),
    }
