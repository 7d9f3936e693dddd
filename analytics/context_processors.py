"""The "Reports" link in the site's header, for those who may read reports."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from analytics.reports.access import scope_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or scope_for(user=user) is None:
        return {"report_nav_items": []}
    return {"report_nav_items": [{"url": reverse("analytics:dashboard"), "label": _("Reports")}]}
