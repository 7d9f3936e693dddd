"""Where the outline editor is registered in the Wagtail admin and how it is reached: an
"Outline" item in a course page's header menu (in the page editor) and in its row's menu in the
page explorer, shown to those who may edit that course's outline. Changes are logged in the
course page's history."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from courses import access
from courses.models import Activity, CoursePage

from . import services
from .access import may_edit_outlines
from .links import outline_url
from .views import OutlineViewSet


class OutlineMenuItem(PageMenuItem):
    label = gettext_lazy("Course outline")
    icon_name = "list-ul"
    priority = 5

    @property
    def url(self) -> str:
        return outline_url(self.page.pk)

    def is_shown(self, user) -> bool:
        return (
            self.page.specific_class is CoursePage
            and may_edit_outlines(user)
            and access.courses_in_reach(user=user).filter(pk=self.page.pk).exists()
        )


def outline_menu_items(page, user, *args, **kwargs):
    item = OutlineMenuItem(page=page)
    if item.is_shown(user):
        yield item


hooks.register("register_page_header_buttons", outline_menu_items)
hooks.register("register_page_listing_more_buttons", outline_menu_items)


@hooks.register("register_admin_viewset")
def register_outline_viewset():
    return OutlineViewSet()


class ModuleAddFormatter(LogFormatter):
    label = gettext_lazy("Add a module")

    def format_message(self, log_entry):
        return _("Added the module “%(title)s”") % {"title": (log_entry.data or {}).get("title", "")}


class ActivityAddFormatter(LogFormatter):
    label = gettext_lazy("Add an activity")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        kind = dict(Activity.Kind.choices).get(data.get("kind"), data.get("kind", ""))
        return _("Added the activity “%(title)s” (%(kind)s) to “%(module)s”") % {
            "title": data.get("title", ""),
            "kind": kind,
            "module": data.get("module", ""),
        }


class OutlineReorderFormatter(LogFormatter):
    label = gettext_lazy("Reorder the outline")
    message = gettext_lazy("Reordered the course’s modules and activities")


@hooks.register("register_log_actions")
def register_outline_log_actions(actions):
    actions.register_action(services.MODULE_ADD)(ModuleAddFormatter)
    actions.register_action(services.ACTIVITY_ADD)(ActivityAddFormatter)
    actions.register_action(services.OUTLINE_REORDER)(OutlineReorderFormatter)
