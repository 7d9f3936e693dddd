"""How the admin names a module or an activity in a list of every course's rows: with its course,
since many courses have a module called "مقدمة الوحدة"."""

from django.utils.translation import gettext as _

from courses.models import Activity, CourseModule


def module_label(module: CourseModule) -> str:
    return _("%(title)s (%(course)s)") % {"title": module.title, "course": module.course.title}


def activity_label(activity: Activity) -> str:
    return _("%(title)s (%(module)s, %(course)s)") % {
        "title": activity.title,
        "module": activity.module.title,
        "course": activity.module.course.title,
    }
