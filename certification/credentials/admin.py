"""The Wagtail admin of certificates: templates and issuing rules as snippets, the issued
certificates listed, and the staff pages of ``admin_views`` (cohort issuing, revoke, correct)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from certification.credentials import admin_views
from certification.credentials.models import Certificate, CertificateTemplate, IssuingRule


class TemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    list_display = ["name", "page_size", "orientation"]


class RuleViewSet(SnippetViewSet):
    model = IssuingRule
    icon = "tasks"
    list_display = [
        "__str__",
        "template",
        "minimum_grade",
        "minimum_attendance",
        "sessions_delivered",
        "is_active",
    ]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "success"
    list_display = ["serial", "user", "state", "issued_at", "expires_at"]
    list_filter = ["state"]
    search_fields = ["serial"]
    inspect_view_enabled = True
    add_to_admin_menu = False


class CertificatesGroup(SnippetViewSetGroup):
    items = (CertificateViewSet, TemplateViewSet, RuleViewSet)
    menu_icon = "success"
    menu_label = _("Certificates")
    menu_name = "certificates"


register_snippet(CertificatesGroup)


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("certificates/cohort-issue/", admin_views.cohort_issue, name="certification_cohort_issue"),
        path(
            "certificates/<int:pk>/change/",
            admin_views.certificate_change,
            name="certification_certificate_change",
        ),
    ]


@hooks.register("register_admin_menu_item")
def cohort_issue_menu_item():
    return MenuItem(
        _("Issue a cohort's certificates"), reverse("certification_cohort_issue"), icon_name="success"
    )
