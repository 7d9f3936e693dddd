"""Editing a page activity's content from the course outline, and back to the outline.

A Wagtail edit view over one activity of the course, with only what a page's author writes:
its title, its content in each language and how it is completed. The module, kind and release conditions stay in
the activity's full form (Training → Activities), reached from the outline too.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic

from courses.models import Activity

from .access import course_in_reach
from .links import outline_url, page_edit_url

PANELS = ObjectList(
    [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("completion")]),
        InlinePanel("contents", heading=gettext_lazy("Page content"), label=gettext_lazy("Language")),
    ]
)


class PageActivityEditView(generic.EditView):
    model = Activity
    pk_url_kwarg = "activity_id"
    panel = PANELS.bind_to_model(Activity)
    header_icon = "doc-full"
    page_title = gettext_lazy("Page content")
    success_message = gettext_lazy("“%(object)s” saved.")

    def setup(self, request, *args, **kwargs):
        self.course = course_in_reach(request.user, kwargs["course_id"])
        super().setup(request, *args, **kwargs)

    def get_queryset(self):
        return Activity.objects.filter(module__course=self.course, kind=Activity.Kind.PAGE)

    def get_success_message(self, instance=None):
        return self.success_message % {"object": instance or self.object}

    def outline_url(self) -> str:
        return outline_url(self.course.pk, f"activity-{self.object.pk}")

    def get_success_url(self):
        return self.outline_url()

    def get_edit_url(self):
        return page_edit_url(self.course.pk, self.object.pk)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.course.pk]), "label": self.course.title},
            {"url": self.outline_url(), "label": _("Course outline")},
            {"url": "", "label": self.object.title},
        ]
