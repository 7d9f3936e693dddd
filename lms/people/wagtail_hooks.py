"""Organisations and training hubs as Wagtail snippets, so staff manage them in one admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin_ui import FlagColumn
from lms.people.models import Organisation, TrainingHub


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "parent", "governorate"]
    list_filter = ["kind", "governorate"]
    search_fields = ["name_ar", "name_en"]
    add_to_admin_menu = True
    menu_order = 300


class TrainingHubViewSet(SnippetViewSet):
    model = TrainingHub
    icon = "home"
    list_display = [
        "name",
        "governorate",
        "capacity",
        FlagColumn("is_active", label=_("Active"), yes=_("active"), no=_("closed")),
    ]
    list_filter = ["governorate", "is_active"]
    search_fields = ["name_ar", "name_en"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(OrganisationViewSet)
register_snippet(TrainingHubViewSet)
