"""Sections that higher apps add to My learning (e.g. certification's certificates).

A higher app registers a renderer in its ``AppConfig.ready()``; the My learning view renders
each in order. ``courses`` so shows what it cannot import, keeping the layers one-way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class _Section:
    key: str
    order: int
    render: Callable[[HttpRequest], str]


_sections: dict[str, _Section] = {}


def learning_section_register(*, key: str, order: int, render: Callable[[HttpRequest], str]) -> None:
    """Register (or replace, by key) a section; ``render(request)`` returns HTML, empty for none."""
    _sections[key] = _Section(key=key, order=order, render=render)


def learning_sections_render(request: HttpRequest) -> list[SafeString]:
    """The registered sections' HTML in order, leaving out empty ones."""
    rendered = (s.render(request) for s in sorted(_sections.values(), key=lambda s: (s.order, s.key)))
    # The renderers are the apps' own templates, autoescaped when they were rendered.
    return [mark_safe(html) for html in rendered if html.strip()]  # noqa: S308
