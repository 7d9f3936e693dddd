"""The addresses of the outline editor, for its views and for the buttons that lead to it."""

from django.urls import reverse

NAMESPACE = "course_outline"


def outline_url(course_id: int, anchor: str = "") -> str:
    return reverse(f"{NAMESPACE}:outline", args=[course_id]) + (f"#{anchor}" if anchor else "")


def page_edit_url(course_id: int, activity_id: int) -> str:
    return reverse(f"{NAMESPACE}:page_edit", args=[course_id, activity_id])
