"""Who may edit a course's outline and its page activities: ``courses.access``'s reach, plus the
permission to change activities."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from courses import access
from courses.models import CoursePage

EDIT_PERMISSION = "courses.change_activity"


def may_edit_outlines(user) -> bool:
    return user.has_perm(EDIT_PERMISSION)


def course_in_reach(user, course_id: int) -> CoursePage:
    """The course, if ``user`` may edit its outline: 404 when out of reach, 403 without the permission."""
    course = get_object_or_404(access.courses_in_reach(user=user), pk=course_id)
    if not may_edit_outlines(user):
        raise PermissionDenied
    return course
