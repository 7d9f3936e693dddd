"""The instructor side of attempts, in the Wagtail admin: each package's attempts, one attempt's
runtime data, interactions, commits and statements, and resetting an attempt.

``content/wagtail_hooks.py`` registers ``AttemptViewSet`` (under ``/admin/content_attempts/``) and
links each package to its attempts. Who reaches a package is decided by
``content.packages.access.packages_in_reach``; whose attempts within it by
``content.runtime.reports.attempts_in_reach``; a reset also needs the
``content.change_contentpackage`` permission. Anything out of reach is a 404, so the admin never
tells whether another course's attempt exists.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter, log

from content.handlers import XapiHandler, handler_for
from content.packages.access import packages_in_reach
from content.packages.models import ContentPackage
from lms.api import FlagColumn, display_name

from . import reports
from .models import Attempt
from .services import attempt_reset
from .xapi import cmi5_waive, xapi_item_done

NAMESPACE = "content_attempts"
RESET_ACTION = "content.attempt_reset"
WAIVE_ACTION = "content.unit_waive"
RESET_PERMISSION = "content.change_contentpackage"
ICON = "group"


def package_in_reach(user, package_id: int) -> ContentPackage:
    """The package, if ``user`` reaches it; 404 otherwise."""
    return get_object_or_404(packages_in_reach(user).select_related("activity"), pk=package_id)


def attempt_in_reach(user, attempt_id: int) -> Attempt:
    """The attempt, if ``user`` reaches its package and may see its trainee's attempts; 404 otherwise."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("version__package", "user", "activity"), pk=attempt_id
    )
    package = package_in_reach(user, attempt.version.package_id)
    if not reports.attempts_in_reach(user=user, package=package).filter(pk=attempt.pk).exists():
        raise Http404
    return attempt


def may_reset(user) -> bool:
    return user.has_perm(RESET_PERMISSION)


def _waivable(attempt: Attempt) -> bool:
    """A format with LMS duties (cmi5) lets an instructor waive a unit (cmi5 9.3.7)."""
    handler = handler_for(attempt.version.kind)
    return isinstance(handler, XapiHandler) and handler.lms_statements


def trainee_name(user) -> str:
    return display_name(user=user)


def percent(value) -> str:
    return "" if value is None else f"{floatformat(value, -2)}%"


# Labels of the values SCORM writes (lesson and success status, interaction results and types).
# Anything else (a custom result, a number) is shown as written.
VALUE_LABELS = {
    "passed": gettext_lazy("passed"),
    "failed": gettext_lazy("failed"),
    "completed": gettext_lazy("completed"),
    "incomplete": gettext_lazy("incomplete"),
    "browsed": gettext_lazy("browsed"),
    "not attempted": gettext_lazy("not attempted"),
    "unknown": gettext_lazy("unknown"),
    "satisfied": gettext_lazy("satisfied"),
    "waived": gettext_lazy("waived"),
    "correct": gettext_lazy("correct"),
    "incorrect": gettext_lazy("incorrect"),
    "wrong": gettext_lazy("incorrect"),
    "unanticipated": gettext_lazy("unanticipated"),
    "neutral": gettext_lazy("neutral"),
    "true-false": gettext_lazy("true/false"),
    "choice": gettext_lazy("choice"),
    "fill-in": gettext_lazy("fill in"),
    "long-fill-in": gettext_lazy("long fill in"),
    "matching": gettext_lazy("matching"),
    "performance": gettext_lazy("performance"),
    "sequencing": gettext_lazy("sequencing"),
    "likert": gettext_lazy("likert"),
    "numeric": gettext_lazy("numeric"),
    "other": gettext_lazy("other"),
}


def label(value: str) -> str:
    return str(VALUE_LABELS.get((value or "").strip().lower(), value))


def _breadcrumbs(package: ContentPackage, *tail: dict) -> list[dict]:
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("content_packages:index"), "label": _("Content packages")},
        {"url": reverse("content_packages:edit", args=[package.pk]), "label": package.title},
        *tail,
    ]


# --- The attempts of a package -------------------------------------------------------------------


class TraineeColumn(TitleColumn):
    """The trainee's name in Arabic and Latin script and identifier, linking to the attempt."""

    cell_template_name = "content/admin/attempt_trainee_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = instance.user
        context["name"] = trainee_name(user)
        latin = user.full_name_latin if user.full_name_latin != context["name"] else ""
        context["details"] = [text for text in (latin, user.identifier) if text]
        return context


class AttemptIndexView(BaseListingView):
    """Every attempt at one package, newest first, searchable by the trainee's name or identifier."""

    model = Attempt
    template_name = "content/admin/attempt_index.html"
    paginate_by = 25
    is_searchable = True
    default_ordering = "-started_at"
    header_icon = ICON
    page_title = gettext_lazy("Attempts")
    verbose_name = gettext_lazy("attempt")
    verbose_name_plural = gettext_lazy("attempts")
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:index_results"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.package = package_in_reach(request.user, kwargs["package_id"])

    @cached_property
    def columns(self):
        return [
            TraineeColumn(
                "user",
                label=_("Trainee"),
                get_url=lambda attempt: reverse(f"{NAMESPACE}:detail", args=[attempt.pk]),
            ),
            Column("version", label=_("Version"), accessor=lambda attempt: attempt.version.number),
            Column("sessions", label=pgettext("launches of a lesson", "Sessions"), sort_key="sessions"),
            FlagColumn("completed", label=_("Completed"), yes=_("completed"), no=_("not completed")),
            FlagColumn(
                "passed", label=_("Passed"), yes=_("passed"), no=_("failed"), unknown=_("no success status")
            ),
            Column(
                "score", label=_("Score"), accessor=lambda attempt: percent(attempt.score), sort_key="score"
            ),
            Column(
                "total_seconds",
                label=_("Time spent"),
                accessor=lambda attempt: reports.duration_hm(attempt.total_seconds),
                sort_key="total_seconds",
            ),
            DateColumn("started_at", label=_("Started"), sort_key="started_at"),
            DateColumn("updated_at", label=_("Last activity"), sort_key="updated_at"),
        ]

    def get_page_subtitle(self):
        return self.package.title

    def get_breadcrumbs_items(self):
        return _breadcrumbs(
            self.package, {"url": "", "label": self.get_page_title(), "sublabel": self.package.title}
        )

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.package.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.package.pk])

    def get_base_queryset(self):
        return reports.attempts_in_reach(user=self.request.user, package=self.package)

    def order_queryset(self, queryset):
        # The newest attempt first among equals, so that pages never shuffle.
        return queryset.order_by(self.ordering, "-pk") if self.ordering else queryset

    def search_queryset(self, queryset):
        return reports.attempts_matching(queryset, self.search_query)


# --- One attempt ---------------------------------------------------------------------------------


class AttemptMixin(WagtailAdminTemplateMixin):
    header_icon = ICON

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.attempt = attempt_in_reach(request.user, kwargs["pk"])
        self.package = self.attempt.version.package

    def get_page_subtitle(self):
        return trainee_name(self.attempt.user)

    def attempt_breadcrumbs(self) -> list[dict]:
        return _breadcrumbs(
            self.package,
            {"url": reverse(f"{NAMESPACE}:index", args=[self.package.pk]), "label": _("Attempts")},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(attempt=self.attempt, package=self.package, trainee=self.attempt.user)
        return context


class AttemptDetailView(AttemptMixin, TemplateView):
    """The attempt's summary, each item's runtime data and interactions, commits and statements."""

    template_name = "content/admin/attempt_detail.html"
    page_title = gettext_lazy("Attempt")

    def get_breadcrumbs_items(self):
        return [*self.attempt_breadcrumbs(), {"url": "", "label": self.get_page_subtitle()}]

    @cached_property
    def header_buttons(self):
        if self.attempt.is_reset or not may_reset(self.request.user):
            return []
        return [
            HeaderButton(
                _("Reset attempt"),
                url=reverse(f"{NAMESPACE}:reset", args=[self.attempt.pk]),
                icon_name="rotate",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.attempt
        commits, commit_count = reports.attempt_commits(attempt=attempt)
        titles = reports.item_titles(attempt=attempt)
        context.update(
            blocks=reports.attempt_blocks(attempt=attempt),
            items=[
                {
                    "report": item,
                    "status": label(item.status) if item.status else "",
                    "success": label(item.success) if item.success else "",
                    "score": percent(item.result.score),
                    "time": reports.duration_hm(item.seconds),
                    "interactions": [
                        {"row": row, "type": label(row.type), "result": label(row.result)}
                        for row in item.interactions
                    ],
                }
                for item in reports.attempt_items(attempt=attempt)
            ],
            score=percent(attempt.score),
            time_spent=reports.duration_hm(attempt.total_seconds),
            commits=[
                {"commit": commit, "item": titles.get(commit.item_identifier, commit.item_identifier)}
                for commit in commits
            ],
            commit_count=commit_count,
            shows_statements=reports.shows_statements(attempt),
            # cmi5: an AU not yet satisfied may be waived (an exemption, cmi5 9.3.7).
            may_waive=_waivable(attempt) and not attempt.is_reset and may_reset(self.request.user),
        )
        if context["shows_statements"]:
            statements, statement_count = reports.attempt_statements(attempt=attempt)
            context.update(
                statements=[{"row": row, "score": percent(row.score)} for row in statements],
                statement_count=statement_count,
            )
        return context


class AttemptResetView(AttemptMixin, TemplateView):
    """GET asks for confirmation; POST sets the attempt aside (``attempt_reset``) and logs it."""

    template_name = "content/admin/attempt_reset.html"
    page_title = gettext_lazy("Reset attempt")
    http_method_names = ["get", "post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not may_reset(request.user):
            raise PermissionDenied

    def get_breadcrumbs_items(self):
        return [
            *self.attempt_breadcrumbs(),
            {
                "url": reverse(f"{NAMESPACE}:detail", args=[self.attempt.pk]),
                "label": self.get_page_subtitle(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def post(self, request, *args, **kwargs):
        attempt = self.attempt
        if attempt.is_reset:
            messages.error(request, _("This attempt has already been reset; nothing was changed."))
            return redirect(f"{NAMESPACE}:detail", attempt.pk)
        attempt_reset(attempt=attempt)
        log(
            instance=self.package,
            action=RESET_ACTION,
            user=request.user,
            data={
                "attempt": attempt.pk,
                "trainee": trainee_name(attempt.user),
                "trainee_id": attempt.user_id,
                "version": attempt.version.number,
            },
        )
        messages.success(
            request,
            _("The attempt of %(trainee)s was reset: their next launch starts afresh.")
            % {"trainee": trainee_name(attempt.user)},
        )
        return redirect(f"{NAMESPACE}:index", self.package.pk)


class AttemptWaiveView(AttemptMixin, View):
    """POST: waives one cmi5 AU of the attempt (it then counts as satisfied) and logs it."""

    http_method_names = ["post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not may_reset(request.user):
            raise PermissionDenied

    def post(self, request, *args, **kwargs):
        attempt = self.attempt
        item = attempt.version.items.filter(is_launchable=True, position=kwargs["position"]).first()
        if not _waivable(attempt) or item is None or attempt.is_reset:
            raise Http404
        if xapi_item_done(attempt, item):
            messages.error(request, _("This unit is already satisfied; nothing was changed."))
            return redirect(f"{NAMESPACE}:detail", attempt.pk)
        cmi5_waive(attempt=attempt, item=item)
        log(
            instance=self.package,
            action=WAIVE_ACTION,
            user=request.user,
            data={"attempt": attempt.pk, "trainee": trainee_name(attempt.user), "unit": item.title},
        )
        messages.success(
            request,
            _("“%(unit)s” was waived for %(trainee)s: it now counts as satisfied.")
            % {"unit": item.title, "trainee": trainee_name(attempt.user)},
        )
        return redirect(f"{NAMESPACE}:detail", attempt.pk)


# --- Registration --------------------------------------------------------------------------------


class AttemptResetFormatter(LogFormatter):
    """How a reset reads in the package's history."""

    label = gettext_lazy("Reset an attempt")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Reset the attempt of %(trainee)s (version %(version)s)") % {
            "trainee": data.get("trainee", ""),
            "version": data.get("version", ""),
        }


class UnitWaiveFormatter(LogFormatter):
    label = gettext_lazy("Waive a unit")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Waived “%(unit)s” for %(trainee)s") % {
            "unit": data.get("unit", ""),
            "trainee": data.get("trainee", ""),
        }


def register_log_actions(actions) -> None:
    actions.register_action(RESET_ACTION)(AttemptResetFormatter)
    actions.register_action(WAIVE_ACTION)(UnitWaiveFormatter)


class AttemptViewSet(ViewSet):
    """The attempt views under ``/admin/content_attempts/``; no menu item (packages link to them)."""

    name = NAMESPACE
    icon = ICON

    def get_urlpatterns(self):
        return [
            path("package/<int:package_id>/", AttemptIndexView.as_view(), name="index"),
            path(
                "package/<int:package_id>/results/",
                AttemptIndexView.as_view(results_only=True),
                name="index_results",
            ),
            path("<int:pk>/", AttemptDetailView.as_view(), name="detail"),
            path("<int:pk>/reset/", AttemptResetView.as_view(), name="reset"),
            path("<int:pk>/waive/<int:position>/", AttemptWaiveView.as_view(), name="waive"),
        ]
