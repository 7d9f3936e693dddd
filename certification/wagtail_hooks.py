"""The Wagtail admin of certification: assessment's views live in certification/assessment/admin_views.py."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from certification.assessment.access import may_author
from certification.assessment.admin_views import NAMESPACE, AssessmentViewSet
from certification.credentials import admin  # noqa: F401 - registers the certificates' admin


class AuthorMenuItem(MenuItem):
    def is_shown(self, request):
        return may_author(request.user)


@hooks.register("register_admin_viewset")
def register_assessment():
    return AssessmentViewSet()


@hooks.register("register_admin_menu_item")
def register_assessment_menu():
    items = [
        AuthorMenuItem(_("Question bank"), reverse(f"{NAMESPACE}:bank"), icon_name="help", order=10),
        AuthorMenuItem(_("Import questions"), reverse(f"{NAMESPACE}:import"), icon_name="upload", order=20),
        AuthorMenuItem(_("Quizzes"), reverse(f"{NAMESPACE}:quizzes"), icon_name="tasks", order=30),
        AuthorMenuItem(_("Grading queue"), reverse(f"{NAMESPACE}:grading"), icon_name="edit", order=40),
    ]
    return SubmenuMenuItem(
        _("Assessment"), Menu(items=items), icon_name="tasks", name="assessment", order=450
    )
