"""A "Bulk enrolment" item in the Wagtail admin menu, for staff who may fill cohorts from lists.

Wagtail discovers only ``wagtail_hooks.py``; ``courses/wagtail_hooks.py`` imports this module so
that the hook below is registered.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.bulk.access import may_bulk_enrol


class BulkEnrolmentMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_bulk_enrol(user=request.user)


@hooks.register("register_admin_menu_item")
def register_bulk_enrolment_menu_item() -> MenuItem:
    return BulkEnrolmentMenuItem(
        _("Bulk enrolment"),
        reverse("courses:bulk_upload"),
        name="bulk-enrolment",
        icon_name="group",
        order=250,
    )
