"""Read-side selectors of ``courses``: what pages and views show."""

from typing import Any

from django.http import QueryDict


def catalogue_search(*, catalogue, params: QueryDict) -> dict[str, Any]:
    return {"items": []}


def course_page_context(*, course, user) -> dict[str, Any]:
    return {}


def programme_page_context(*, programme, user) -> dict[str, Any]:
    return {}
