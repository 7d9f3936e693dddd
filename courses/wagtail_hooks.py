"""The Wagtail admin of ``courses``: topics (a snippet), cohorts, modules and activities.

Each person reaches only their own rows, in every view of a viewset (listing, edit, delete,
history, usage) and in the choices of its forms: an instructor the cohorts and structure of the
courses they teach (``CoursePage.instructors``, or ``Cohort.instructors`` for a cohort),
superusers, programme managers, centre directors and administrators everything. Hub coordinators
work on the site, not here. Model permissions (``lms.people.roles``) decide what they may do.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses import access
from courses.authoring import wagtail_hooks as wagtail_hooks_authoring  # noqa: F401 - registers the outline editor
from courses.authoring.labels import activity_label, module_label
from courses.bulk import wagtail_hooks as wagtail_hooks_bulk  # noqa: F401 - registers the bulk enrolment menu item
from courses.learning import documents  # noqa: F401 - registers who may download a course document
from courses.models import Activity, Cohort, CourseModule, CoursePage, Topic
from lms.api import FlagColumn, people_with_roles

# The reach rules are courses.access's; these adapt them to the admin views' querysets.


def manages_everything(user) -> bool:
    return access.manages_every_cohort(user=user)


def cohorts_in_reach(user, queryset: QuerySet[Cohort]) -> QuerySet[Cohort]:
    # The cohorts taught, not those coordinated: hub coordinators work on the site (their hubs'
    # rosters and requests), not on a cohort's capacity or instructors (docs/guide/roles.md).
    if manages_everything(user):
        return queryset
    return queryset.filter(pk__in=access.cohorts_taught_by(user=user).values("pk"))


def courses_in_reach(user, queryset: QuerySet[CoursePage]) -> QuerySet[CoursePage]:
    if manages_everything(user):
        return queryset
    return queryset.filter(pk__in=access.courses_in_reach(user=user).values("pk"))


def modules_in_reach(user, queryset: QuerySet[CourseModule]) -> QuerySet[CourseModule]:
    if manages_everything(user):
        return queryset
    return queryset.filter(course__in=courses_in_reach(user, CoursePage.objects.all()).values("pk"))


def activities_in_reach(user, queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    # Listed with their module and course beside each title.
    queryset = queryset.select_related("module__course")
    if manages_everything(user):
        return queryset
    return queryset.filter(pk__in=access.activities_in_reach(user=user).values("pk"))


# --- Views limited to the rows in reach ---------------------------------------------------------

Reach = Callable[..., QuerySet]


class ReachIndexView(generic.IndexView):
    reach: Reach | None = None

    def get_base_queryset(self):
        return self.reach(self.request.user, super().get_base_queryset())


class ReachEditView(generic.EditView):
    reach: Reach | None = None

    def get_queryset(self):
        # Django's SingleObjectMixin looks the object up in this queryset: 404 when out of reach.
        return self.reach(self.request.user, super().get_queryset())


class ReachDeleteView(generic.DeleteView):
    reach: Reach | None = None

    def get_queryset(self):
        return self.reach(self.request.user, super().get_queryset())


class ReachHistoryView(history.HistoryView):
    reach: Reach | None = None

    def get_base_object_queryset(self):
        return self.reach(self.request.user, super().get_base_object_queryset())


class ReachUsageView(usage.UsageView):
    reach: Reach | None = None

    def get_base_object_queryset(self):
        return self.reach(self.request.user, super().get_base_object_queryset())


class ReachViewSet(ModelViewSet):
    """A model viewset whose views and forms only reach the rows ``reach(user, queryset)`` keeps."""

    reach: Reach
    index_view_class = ReachIndexView
    edit_view_class = ReachEditView
    delete_view_class = ReachDeleteView
    history_view_class = ReachHistoryView
    usage_view_class = ReachUsageView
    # A copy would show an out-of-reach row's data in the create form.
    copy_view_enabled = False
    add_to_admin_menu = False

    def _with_reach(self, kwargs: dict) -> dict:
        return {**kwargs, "reach": type(self).reach}

    def get_index_view_kwargs(self, **kwargs):
        return self._with_reach(super().get_index_view_kwargs(**kwargs))

    def get_edit_view_kwargs(self, **kwargs):
        return self._with_reach(super().get_edit_view_kwargs(**kwargs))

    def get_delete_view_kwargs(self, **kwargs):
        return self._with_reach(super().get_delete_view_kwargs(**kwargs))

    def get_history_view_kwargs(self, **kwargs):
        return self._with_reach(super().get_history_view_kwargs(**kwargs))

    def get_usage_view_kwargs(self, **kwargs):
        return self._with_reach(super().get_usage_view_kwargs(**kwargs))


# --- Forms whose choices stay in reach ----------------------------------------------------------


def _keep_current(queryset: QuerySet, current_id: int | None) -> QuerySet:
    """The choices in reach, plus the value already saved (so that an edit does not lose it)."""
    if current_id is None:
        return queryset
    return queryset.model._default_manager.filter(Q(pk__in=queryset.values("pk")) | Q(pk=current_id))


class CohortForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        if "course" in self.fields:
            self.fields["course"].queryset = _keep_current(
                courses_in_reach(for_user, CoursePage.objects.order_by("title")), self.instance.course_id
            )
        if "instructors" in self.fields:
            chosen = list(self.instance.instructors.values_list("pk", flat=True)) if self.instance.pk else []
            self.fields["instructors"].queryset = people_with_roles(
                roles=access.TEACHING_ROLES, also_ids=chosen
            )


class CourseModuleForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "course" in self.fields:
            self.fields["course"].queryset = _keep_current(
                courses_in_reach(for_user, CoursePage.objects.order_by("title")), self.instance.course_id
            )


class ActivityForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        if "module" in self.fields:
            self.fields["module"].queryset = _keep_current(
                modules_in_reach(for_user, CourseModule.objects.all()), self.instance.module_id
            ).select_related("course")
            self.fields["module"].label_from_instance = module_label
        if "released_after" in self.fields:
            self.fields["released_after"].queryset = _keep_current(
                activities_in_reach(for_user, Activity.objects.all()), self.instance.released_after_id
            ).select_related("module__course")
            self.fields["released_after"].label_from_instance = activity_label


# --- The viewsets ------------------------------------------------------------------------------


class CohortViewSet(ReachViewSet):
    model = Cohort
    reach = staticmethod(cohorts_in_reach)
    icon = "date"
    menu_label = _("Cohorts")
    list_display = ["title", "course", "starts_on", "hub", "capacity", "enrolment_mode"]
    list_filter = ["course", "hub", "enrolment_mode"]
    search_fields = ["title"]
    ordering = ["-starts_on", "pk"]
    edit_handler = ObjectList(
        [
            # Plain selects: Wagtail's choosers would offer every course and hub, not those in reach.
            FieldPanel("course", widget=forms.Select),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("hub", widget=forms.Select),
            FieldPanel("capacity"),
            FieldPanel("instructors"),
            MultiFieldPanel(
                [
                    FieldPanel("room"),
                    FieldPanel("contact_name"),
                    FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                ],
                heading=_("Practical details"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("enrolment_mode"),
                    FieldRowPanel([FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]),
                ],
                heading=_("Enrolment"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("eligible_organisations"),
                    FieldPanel("eligible_governorates"),
                    FieldPanel("eligible_role"),
                    FieldPanel("requires_prerequisites"),
                ],
                heading=_("Who may enrol"),
            ),
        ],
        base_form_class=CohortForm,
    )


class CourseModuleViewSet(ReachViewSet):
    model = CourseModule
    reach = staticmethod(modules_in_reach)
    icon = "folder-open-inverse"
    menu_label = _("Modules")
    list_display = ["title", "course", "position"]
    list_filter = ["course"]
    search_fields = ["title"]
    ordering = ["course", "position", "pk"]
    edit_handler = ObjectList(
        [FieldPanel("course", widget=forms.Select), FieldPanel("title"), FieldPanel("position")],
        base_form_class=CourseModuleForm,
    )


class ActivityViewSet(ReachViewSet):
    model = Activity
    reach = staticmethod(activities_in_reach)
    icon = "list-ul"
    menu_label = _("Activities")
    list_display = [
        "title",
        Column("course", label=_("Course"), accessor=lambda activity: activity.module.course.title),
        "module",
        "kind",
        FlagColumn("required", label=_("Required"), yes=_("required"), no=_("optional")),
    ]
    list_filter = ["kind", "required"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("module", widget=forms.Select),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("position")]),
            FieldRowPanel([FieldPanel("required"), FieldPanel("completion")]),
            FieldPanel("document"),
            InlinePanel("contents", heading=_("Page content"), label=_("Language")),
            MultiFieldPanel(
                [FieldPanel("released_after", widget=forms.Select), FieldPanel("released_from")],
                heading=_("Availability"),
            ),
        ],
        base_form_class=ActivityForm,
    )


class TrainingViewSetGroup(ModelViewSetGroup):
    menu_label = _("Training")
    menu_icon = "calendar-alt"
    menu_order = 250
    items = (CohortViewSet("cohorts"), CourseModuleViewSet("modules"), ActivityViewSet("activities"))


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name_ar", "name_en", "name_ckb"]
    ordering = ["name_ar"]


register_snippet(TopicViewSet)


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


# --- Deleting catalogue pages ------------------------------------------------------------------


def page_deletion_refusal(*, user, page) -> str:
    """Why ``user`` may not delete ``page`` and the pages under it; empty when they may.

    Wagtail lets anyone who may edit and publish a page delete it; instructors may edit the
    courses they teach (courses.access), but delete only pages they own. A course with cohorts keeps its records
    (cohorts point to it with PROTECT) and is unpublished instead, whoever asks.
    """
    pages = page.get_descendants(inclusive=True)
    if Cohort.objects.filter(course__in=pages.values("pk")).exists():
        return _("A course with cohorts cannot be deleted: its records are kept. Unpublish it instead.")
    if not manages_everything(user) and pages.exclude(owner=user).exists():
        return _("You may delete only pages that you created.")
    return ""


@hooks.register("before_delete_page")
def refuse_page_deletion(request, page):
    refusal = page_deletion_refusal(user=request.user, page=page)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_page_deletion(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    for page in objects:
        if not isinstance(page, Page):
            return None
        refusal = page_deletion_refusal(user=request.user, page=page)
        if refusal:
            messages.error(request, f"{page.title}: {refusal}")
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
