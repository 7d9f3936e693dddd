"""The course outline editor in the Wagtail admin (``/admin/course-outline/<course id>/``).

Opened from the course page's header menu and its row in the page explorer: the course's
modules and activities in order, reordered by drag and drop (``outline.js`` posts the whole
order) or, without JavaScript or with a keyboard, by "move up" / "move down" buttons; a module
added at the end, an activity of any kind added at the end of its module, a page activity's
content edited here and back. Who reaches a course is ``courses.access.courses_in_reach``: an
instructor the courses they teach (404 for any other), managers every course; changing the
outline also needs the model permission to change activities (403 without it).
"""

import json

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton

from courses.errors import CoursesError
from courses.models import Activity, CourseModule

from . import services
from .access import course_in_reach
from .forms import ActivityAddForm, ModuleAddForm
from .links import NAMESPACE, outline_url, page_edit_url
from .page_editor import PageActivityEditView

ICON = "list-ul"


class CourseMixin:
    def setup(self, request: HttpRequest, *args, **kwargs) -> None:
        super().setup(request, *args, **kwargs)
        self.course = course_in_reach(request.user, kwargs["course_id"])


KIND_ICONS = {
    Activity.Kind.CONTENT: "media",
    Activity.Kind.QUIZ: "tasks",
    Activity.Kind.SESSION: "date",
    Activity.Kind.PAGE: "doc-full",
    Activity.Kind.FILE: "download",
}


def outline_rows(course) -> list[CourseModule]:
    """The course's modules, each with ``outline_activities`` and, on every row, whether it can move
    up or down, its kind's icon and where its content is edited."""
    modules = list(course.modules.prefetch_related("activities"))
    for index, module in enumerate(modules):
        module.can_up, module.can_down = index > 0, index < len(modules) - 1
        module.outline_activities = list(module.activities.all())
    activities = [activity for module in modules for activity in module.outline_activities]
    for index, activity in enumerate(activities):
        activity.can_up, activity.can_down = index > 0, index < len(activities) - 1
        activity.icon = KIND_ICONS.get(activity.kind, "doc-empty")
        activity.edit_url = (
            page_edit_url(course.pk, activity.pk) if activity.kind == Activity.Kind.PAGE else ""
        )
    return modules


class OutlineView(CourseMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/authoring/outline.html"
    page_title = gettext_lazy("Course outline")
    header_icon = ICON

    def get_page_subtitle(self):
        return self.course.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_explore", args=[self.course.get_parent().pk]), "label": _("Pages")},
            {"url": reverse("wagtailadmin_pages:edit", args=[self.course.pk]), "label": self.course.title},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Edit the course page"),
                url=reverse("wagtailadmin_pages:edit", args=[self.course.pk]),
                icon_name="edit",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            course=self.course,
            modules=outline_rows(self.course),
            module_form=ModuleAddForm(),
            activity_form=ActivityAddForm(),
            reorder_url=reverse(f"{NAMESPACE}:reorder", args=[self.course.pk]),
            step_url=reverse(f"{NAMESPACE}:step", args=[self.course.pk]),
        )
        return context


class OutlinePostView(CourseMixin, View):
    http_method_names = ["post"]


class ReorderView(OutlinePostView):
    """The order after a drag and drop, as JSON: ``{"modules": [{"id": 1, "activities": [3, 2]}, …]}``."""

    def post(self, request, *args, **kwargs):
        try:
            payload = json.loads(request.body)
            order = [
                (int(module["id"]), [int(activity) for activity in module["activities"]])
                for module in payload["modules"]
            ]
        except (ValueError, TypeError, KeyError):
            return JsonResponse(
                {"error": _("The new order could not be read; nothing was changed.")}, status=400
            )
        try:
            services.outline_reorder(course=self.course, order=order, by=request.user)
        except CoursesError as error:
            return JsonResponse({"error": str(error)}, status=409)
        return JsonResponse({"message": _("The new order is saved.")})


class StepView(OutlinePostView):
    """A "move up" or "move down" button: one module or activity one place, then back to it."""

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind", "")
        try:
            item_id, step = int(request.POST.get("id", "")), int(request.POST.get("step", ""))
            services.outline_step(course=self.course, kind=kind, item_id=item_id, step=step, by=request.user)
        except ValueError:
            messages.error(request, _("Nothing was moved: the request was incomplete."))
            return redirect(outline_url(self.course.pk))
        except CoursesError as error:
            messages.error(request, str(error))
            return redirect(outline_url(self.course.pk))
        return redirect(outline_url(self.course.pk, f"{kind}-{item_id}"))


class ModuleAddView(OutlinePostView):
    def post(self, request, *args, **kwargs):
        form = ModuleAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The module was not added: give it a title."))
            return redirect(outline_url(self.course.pk, "add-module"))
        module = services.module_add(course=self.course, title=form.cleaned_data["title"], by=request.user)
        messages.success(request, _("Module “%(title)s” added.") % {"title": module.title})
        return redirect(outline_url(self.course.pk, f"module-{module.pk}"))


class ActivityAddView(OutlinePostView):
    def post(self, request, *args, **kwargs):
        module = get_object_or_404(CourseModule, course=self.course, pk=kwargs["module_id"])
        form = ActivityAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The activity was not added: choose its kind and give it a title."))
            return redirect(outline_url(self.course.pk, f"module-{module.pk}"))
        activity = services.activity_add(
            module=module, kind=form.cleaned_data["kind"], title=form.cleaned_data["title"], by=request.user
        )
        messages.success(request, _("Activity “%(title)s” added.") % {"title": activity.title})
        if activity.kind == Activity.Kind.PAGE:
            return redirect(page_edit_url(self.course.pk, activity.pk))
        return redirect(outline_url(self.course.pk, f"activity-{activity.pk}"))


class OutlineViewSet(ViewSet):
    name = NAMESPACE
    url_prefix = "course-outline"
    icon = ICON

    def get_urlpatterns(self):
        return [
            path("<int:course_id>/", OutlineView.as_view(), name="outline"),
            path("<int:course_id>/reorder/", ReorderView.as_view(), name="reorder"),
            path("<int:course_id>/move/", StepView.as_view(), name="step"),
            path("<int:course_id>/modules/add/", ModuleAddView.as_view(), name="module_add"),
            path(
                "<int:course_id>/modules/<int:module_id>/activities/add/",
                ActivityAddView.as_view(),
                name="activity_add",
            ),
            path(
                "<int:course_id>/activities/<int:activity_id>/page/",
                PageActivityEditView.as_view(),
                name="page_edit",
            ),
        ]
