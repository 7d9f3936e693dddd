"""What ``courses`` adds to every page: the links of the site's navigation that it owns.

``lms``'s base template renders ``nav_items`` without knowing the apps that provide them. They are
on every page, so they cost no query of their own: the catalogue's address comes from the shared
cache (forgotten when a catalogue page is published, unpublished, moved or deleted), the staff
links from the person's roles (read once) and at most one query.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.models import CatalogueIndexPage
from courses.teaching.queries import staff_links
from lms.api import cached, cached_forget

CATALOGUE = "courses:catalogue"


def catalogue_url() -> str | None:
    """The live catalogue's address in the active language (its translation when there is one)."""

    def read() -> str | None:
        catalogue = CatalogueIndexPage.objects.live().first()
        return catalogue.localized.url if catalogue is not None else None

    return cached(CATALOGUE, get_language() or "ar", read)


def catalogue_changed(sender, **kwargs) -> None:
    """Receiver of a catalogue page's publishing, unpublishing, moving and deletion."""
    cached_forget(CATALOGUE)


def navigation(request: HttpRequest) -> dict:
    # A page that renders a piece of itself with the request (My learning's sections) runs the
    # context processors again: the links are made once per request.
    items = getattr(request, "_courses_nav_items", None)
    if items is not None:
        return {"nav_items": items}
    items = []
    url = catalogue_url()
    if url is not None:
        items.append({"url": url, "label": _("Courses")})
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append({"url": reverse("courses:my_learning"), "label": _("My learning")})
        teaching, approving = staff_links(user=user)
        if teaching:
            items.append({"url": reverse("courses:teaching_cohorts"), "label": _("Teaching")})
        if approving:
            items.append({"url": reverse("courses:approvals"), "label": _("Approvals")})
    request._courses_nav_items = items
    return {"nav_items": items}
