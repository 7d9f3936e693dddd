"""The Wagtail admin of content packages: upload, new versions, and why a package was refused.

An instructor reaches the packages they uploaded and those attached to activities of the courses
they teach; programme managers, centre directors, administrators and superusers reach all.
Model permissions (``content.add_contentpackage`` …, granted by ``lms.people.roles``) decide what
they may do. Views only parse the form and call one service (``content.packages.services``).
"""

from django import forms
from django.contrib import messages
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from content.packages.access import content_activities, packages_in_reach
from content.packages.errors import Code, PackageRejected
from content.packages.models import ContentPackage
from content.packages.services import package_delete, package_import, package_update, package_version_add
from content.runtime.structure import item_tree
from courses.api import activity_label
from lms.api import storage_outage_answer

ACCEPTED = ".zip,.h5p,application/zip"


# --- Forms ---------------------------------------------------------------------------------------


class PackageForm(WagtailAdminModelForm):
    """Title and activity; the upload is handed to the service, which validates the package."""

    upload_required = True

    upload = forms.FileField(
        label=gettext_lazy("Package file"),
        help_text=gettext_lazy("A ZIP file (SCORM 1.2, SCORM 2004, cmi5 or xAPI/Tin Can) or an .h5p file."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    class Meta:
        model = ContentPackage
        fields = ["title", "activity", "complete_on_finish"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["upload"].required = self.upload_required
        activity = self.fields["activity"]
        activity.widget = forms.Select()
        if for_user is not None:
            queryset = content_activities(for_user)
            current = self.instance.activity_id
            if current is not None:
                queryset = queryset.model.objects.filter(
                    Q(pk__in=queryset.values("pk")) | Q(pk=current)
                ).select_related("module__course")
            activity.queryset = queryset
        # The course beside each title: many courses have an activity of the same name.
        activity.label_from_instance = activity_label
        activity.widget.choices = activity.choices
        activity.help_text = _("An activity of kind “Content package” of a course you teach.")

    def _post_clean(self) -> None:
        # The form saves nothing itself: the service cleans and saves (with full_clean).
        pass


class PackageUploadForm(PackageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, the title written in the package is used.")


class PackageEditForm(PackageForm):
    upload_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].label = _("New version")
        self.fields["upload"].help_text = _(
            "Upload a corrected package as a new version. Trainees already in an attempt keep "
            "the version they started."
        )


# --- Views ---------------------------------------------------------------------------------------


def _refused(view, form, rejection: PackageRejected):
    form.add_error("upload", rejection.message)
    view.produced_error_code = rejection.code
    if rejection.code != Code.STORAGE_OUT_OF_REACH:
        view.produced_error_message = _("The package was refused: %(reason)s") % {"reason": rejection.message}
        return view.form_invalid(form)
    # Not the package's fault: the form again, as the error page would be, 503 with Retry-After.
    view.produced_error_message = _("The package was not stored: %(reason)s") % {"reason": rejection.message}
    return storage_outage_answer(request=view.request, response=view.form_invalid(form), error=rejection)


def _warn(request, version) -> None:
    """What was left out of a package imported all the same, said at once (and kept on its page)."""
    for text in version.warnings:
        messages.warning(request, _("Imported with a warning: %(warning)s") % {"warning": text})


class PackageIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("activity")
        return packages_in_reach(self.request.user, queryset).annotate(latest_version=Max("versions__number"))

    def get_list_more_buttons(self, instance):
        # The trainees' attempts (content/runtime/admin_views.py).
        attempts = reverse("content_attempts:index", args=[instance.pk])
        preview = reverse("content:preview_package", args=[instance.pk])
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(_("Attempts"), url=attempts, icon_name="group"),
            MenuItem(_("Preview"), url=preview, icon_name="view"),
        ]


class PackageUploadView(generic.CreateView):
    page_title = gettext_lazy("Upload a package")
    submit_button_label = gettext_lazy("Upload")
    submit_button_active_label = gettext_lazy("Uploading…")

    def form_valid(self, form):
        self.form = form
        try:
            version = package_import(
                upload=form.cleaned_data["upload"],
                title=form.cleaned_data.get("title") or None,
                activity=form.cleaned_data.get("activity"),
                complete_on_finish=form.cleaned_data.get("complete_on_finish", True),
                by=self.request.user,
            )
        except PackageRejected as rejection:
            return _refused(self, form, rejection)
        self.object = version.package
        log(instance=self.object, action="wagtail.create", user=self.request.user)
        _warn(self.request, version)
        return self.save_action()

    def get_success_message(self, instance):
        return _("Package “%(title)s” imported: %(count)s item(s) to launch.") % {
            "title": instance.title,
            "count": instance.current_version.items.filter(is_launchable=True).count(),
        }


class PackageEditView(generic.EditView):
    template_name = "content/admin/package_edit.html"

    @cached_property
    def header_buttons(self):
        # The trainees' attempts (content/runtime/admin_views.py).
        attempts = reverse("content_attempts:index", args=[self.object.pk])
        # The player as a trainee sees it; nothing done in a preview is recorded.
        preview = reverse("content:preview_package", args=[self.object.pk])
        return [
            *super().header_buttons,
            HeaderButton(_("Attempts"), url=attempts, icon_name="group"),
            HeaderButton(_("Preview"), url=preview, icon_name="view", attrs={"target": "_blank"}),
        ]

    def get_queryset(self):
        return packages_in_reach(self.request.user, super().get_queryset())

    def form_valid(self, form):
        self.form = form
        upload = form.cleaned_data.get("upload")
        version = None
        if upload:
            try:
                version = package_version_add(package=self.object, upload=upload, by=self.request.user)
            except PackageRejected as rejection:
                return _refused(self, form, rejection)
        title = form.cleaned_data.get("title") or self.object.title
        self.object = package_update(
            package=self.object,
            title=title,
            activity=form.cleaned_data.get("activity"),
            complete_on_finish=form.cleaned_data.get("complete_on_finish"),
        )
        log(instance=self.object, action="wagtail.edit", user=self.request.user)
        if version is not None:
            messages.success(self.request, _("Version %(number)s uploaded.") % {"number": version.number})
            _warn(self.request, version)
        return self.save_action()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(self.object.versions.select_related("uploaded_by").order_by("-number"))
        context["versions"] = versions
        # Nested as the package has them: cmi5 blocks and SCORM folders with their items.
        context["current_items"] = item_tree(list(versions[0].items.all())) if versions else []
        context["current_warnings"] = versions[0].warnings if versions else []
        return context


class PackageDeleteView(generic.DeleteView):
    def get_queryset(self):
        return packages_in_reach(self.request.user, super().get_queryset())

    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        package_delete(package=self.object)


class PackageHistoryView(history.HistoryView):
    def get_base_object_queryset(self):
        return packages_in_reach(self.request.user, super().get_base_object_queryset())


class PackageUsageView(usage.UsageView):
    def get_base_object_queryset(self):
        return packages_in_reach(self.request.user, super().get_base_object_queryset())


class ContentPackageViewSet(ModelViewSet):
    model = ContentPackage
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Content packages")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = PackageIndexView
    add_view_class = PackageUploadView
    edit_view_class = PackageEditView
    delete_view_class = PackageDeleteView
    history_view_class = PackageHistoryView
    usage_view_class = PackageUsageView
    list_display = [
        "title",
        "kind",
        "activity",
        Column("latest_version", label=gettext_lazy("Version")),
        DateColumn("updated_at", label=gettext_lazy("Updated")),
    ]
    list_filter = ["kind"]
    search_fields = ["title"]
    ordering = ["-updated_at", "-pk"]

    def get_form_class(self, for_update=False):
        return PackageEditForm if for_update else PackageUploadForm


@hooks.register("register_admin_viewset")
def register_content_packages():
    return ContentPackageViewSet("content_packages")


# The instructor side of attempts lives in content/runtime/admin_views.py.
@hooks.register("register_admin_viewset")
def register_content_attempts():
    from content.runtime.admin_views import AttemptViewSet

    return AttemptViewSet()


@hooks.register("register_log_actions")
def register_content_attempt_log_actions(actions):
    from content.runtime.admin_views import register_log_actions

    register_log_actions(actions)
