"""The Wagtail admin's side of analytics: the dashboard in the Reports menu, reach targets."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from analytics.records.models import Target
from analytics.reports.access import scope_for


class DashboardMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return scope_for(user=request.user) is not None


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(_("Training reach"), reverse("analytics:dashboard"), icon_name="table", order=1)


class TargetViewSet(ModelViewSet):
    model = Target
    icon = "pick"
    menu_label = _("Reach targets")
    add_to_admin_menu = True
    menu_order = 260
    form_fields = ["programme", "year", "governorate", "people"]
    list_display = ["programme", "year", "governorate", "people"]
    list_filter = ["year"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_target_viewset():
    return TargetViewSet("targets")
