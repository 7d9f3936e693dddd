"""What ``courses`` adds to every page: the links of the site's navigation that it owns.

``lms``'s base template renders ``nav_items`` without knowing the apps that provide them.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.models import CatalogueIndexPage
from courses.teaching.queries import is_teaching_staff, may_approve


def navigation(request: HttpRequest) -> dict:
    items = []
    catalogue = CatalogueIndexPage.objects.live().first()
    if catalogue is not None:
        items.append({"url": catalogue.localized.url, "label": _("Courses")})
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append({"url": reverse("courses:my_learning"), "label": _("My learning")})
        if is_teaching_staff(user=user):
            items.append({"url": reverse("courses:teaching_cohorts"), "label": _("Teaching")})
        if may_approve(user=user):
            items.append({"url": reverse("courses:approvals"), "label": _("Approvals")})
    return {"nav_items": items}
