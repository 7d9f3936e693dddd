"""The catalogue's search: Arabic-aware text, filters with counts, pagination."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from courses.enrolment.queries import upcoming_cohorts
from courses.models import (
    CoursePage,
    ProgrammeCourse,
    ProgrammePage,
    Topic,
)
from courses.text import normalise
from lms.api import governorates, training_hubs

PER_PAGE = 12
MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_querystring: str


@dataclass
class _Filters:
    """The request's filters, parsed: course-level conditions and cohort-level conditions."""

    query: str = ""
    words: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    course: dict[str, Q] = field(default_factory=dict)
    cohort: dict[str, Q] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


FILTER_NAMES = ("topic", "language", "mode", "governorate", "hub", "programme", "start_from", "start_to")


def _as_id(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


# The definite article and the particles joined to it ("wa-l", "bi-l", "li-l"…). Words are matched
# inside the folded text, so "الادارة" searched as "اداره" also finds "إدارة" and "والإدارة".
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")


def _without_article(word: str) -> str:
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article) :]
    return word


def _parse_filters(params: QueryDict) -> _Filters:
    """Read the GET parameters; a value that makes no sense is dropped with a message."""
    filters = _Filters()
    query = (params.get("q") or "").strip()[:200]
    filters.query = query
    filters.words = [_without_article(word) for word in normalise(query).split()[:MAX_QUERY_WORDS]]
    if filters.words:
        condition = Q()
        for word in filters.words:
            condition &= Q(search_text__contains=word)
        filters.course["q"] = condition
    raw = {name: (params.get(name) or "").strip()[:100] for name in FILTER_NAMES}

    if raw["topic"]:
        filters.values["topic"] = raw["topic"]
        filters.course["topic"] = Q(topics__slug=raw["topic"])
    if raw["language"]:
        if raw["language"] in CoursePage.Language.values:
            filters.values["language"] = raw["language"]
            # A JSON list of codes: matching the quoted code works on SQLite and PostgreSQL alike.
            filters.course["language"] = Q(languages__icontains=f'"{raw["language"]}"')
        else:
            filters.errors.append(_("Unknown language: the language filter was ignored."))
    if raw["mode"]:
        if raw["mode"] in CoursePage.DeliveryMode.values:
            filters.values["mode"] = raw["mode"]
            filters.course["mode"] = Q(delivery_mode=raw["mode"])
        else:
            filters.errors.append(_("Unknown delivery mode: that filter was ignored."))
    for name, lookup in (("programme", "programme_places__programme_id"),):
        if raw[name]:
            if (value := _as_id(raw[name])) is not None:
                filters.values[name] = raw[name]
                filters.course[name] = Q(**{lookup: value})
            else:
                filters.errors.append(_("Unknown programme: that filter was ignored."))
    for name, lookup in (("governorate", "hub__governorate_id"), ("hub", "hub_id")):
        if raw[name]:
            if (value := _as_id(raw[name])) is not None:
                filters.values[name] = raw[name]
                filters.cohort[name] = Q(**{lookup: value})
            else:
                filters.errors.append(_("Unknown place: that filter was ignored."))
    dates: dict[str, datetime.date] = {}
    for name in ("start_from", "start_to"):
        if raw[name]:
            try:
                parsed = parse_date(raw[name])
            except ValueError:
                parsed = None
            if parsed is None:
                filters.errors.append(_("Write dates as year-month-day, e.g. 2027-03-15."))
            else:
                dates[name] = parsed
    if len(dates) == 2 and dates["start_from"] > dates["start_to"]:
        filters.errors.append(_("The first start date is after the last one: the dates were ignored."))
        dates = {}
    if "start_from" in dates:
        filters.values["start_from"] = dates["start_from"].isoformat()
        filters.cohort["start_from"] = Q(starts_on__gte=dates["start_from"])
    if "start_to" in dates:
        filters.values["start_to"] = dates["start_to"].isoformat()
        filters.cohort["start_to"] = Q(starts_on__lte=dates["start_to"])
    return filters


def catalogue_search(*, catalogue, params: QueryDict) -> dict[str, Any]:
    """Search and filter the live courses of one catalogue, with counts for each filter value.

    Text matches every word of the query in the pages' folded ``search_text`` (``normalise``), so
    alef, hamza, taa marbuta and diacritics do not matter. Counts are "what you would get if
    you chose this value", i.e. computed with every other filter applied.
    """
    filters = _parse_filters(params)
    courses = CoursePage.objects.live().descendant_of(catalogue).filter(locale_id=catalogue.locale_id)
    programmes = ProgrammePage.objects.live().descendant_of(catalogue).filter(locale_id=catalogue.locale_id)

    def matching(*, without: str | None = None) -> QuerySet[CoursePage]:
        qs = courses
        for name, condition in filters.course.items():
            if name != without:
                qs = qs.filter(condition)
        cohort_conditions = [c for name, c in filters.cohort.items() if name != without]
        if cohort_conditions:
            qs = qs.filter(pk__in=upcoming_cohorts().filter(*cohort_conditions).values("course_id"))
        return qs

    cohort_prefetch = upcoming_cohorts().filter(*filters.cohort.values()).select_related("hub__governorate")
    results = (
        matching()
        .order_by("title", "pk")
        .prefetch_related(
            "topics",
            Prefetch("cohorts", queryset=cohort_prefetch.order_by("starts_on", "pk"), to_attr="next_cohorts"),
        )
    )
    page = Paginator(results, PER_PAGE).get_page(params.get("page"))

    facets = _facets(filters, matching, programmes)
    return {
        "query": filters.query,
        "selected": filters.values,
        "errors": filters.errors,
        "page": page,
        "courses": list(page.object_list),
        "count": page.paginator.count,
        "filtered": bool(filters.course or filters.cohort),
        "programmes": _matching_programmes(programmes, filters, matching),
        "facets": facets,
        "active_filters": _active_filters(params, filters, facets),
    }


def _matching_programmes(programmes, filters: _Filters, matching) -> list[ProgrammePage]:
    """Programmes whose text matches the query and that hold a course matching the other filters."""
    # Annotated before filtering on its courses, so that the count is of all the programme's courses.
    programmes = programmes.annotate(course_count=Count("programme_courses", distinct=True))
    if "q" in filters.course:
        programmes = programmes.filter(filters.course["q"])
    if "programme" in filters.course:
        programmes = programmes.filter(pk=int(filters.values["programme"]))
    other_filters = {name for name in (*filters.course, *filters.cohort) if name not in ("q", "programme")}
    if other_filters:
        programmes = programmes.filter(
            programme_courses__course__in=matching(without="q").values("pk")
        ).distinct()
    return list(programmes.order_by("title"))


def _facets(filters: _Filters, matching, programmes) -> dict[str, list[FacetOption]]:
    selected = filters.values

    def options(pairs, counts: dict, name: str) -> list[FacetOption]:
        found = [
            FacetOption(
                value=str(value),
                label=label,
                count=counts.get(value, 0),
                selected=selected.get(name) == str(value),
            )
            for value, label in pairs
        ]
        return [o for o in found if o.count or o.selected]

    topic_counts = dict(
        Topic.objects.filter(coursepage__in=matching(without="topic").values("pk"))
        .values("slug")
        .annotate(n=Count("coursepage", distinct=True))
        .values_list("slug", "n")
    )
    topics = Topic.objects.filter(slug__in=[*topic_counts, selected.get("topic", "")])

    language_counts: Counter[str] = Counter()
    for codes in matching(without="language").values_list("languages", flat=True):
        language_counts.update(set(codes or []))

    mode_counts = dict(
        matching(without="mode")
        .order_by()
        .values("delivery_mode")
        .annotate(n=Count("pk"))
        .values_list("delivery_mode", "n")
    )

    def place_counts(name: str, column: str) -> dict[int, int]:
        cohort_conditions = [c for other, c in filters.cohort.items() if other != name]
        return dict(
            upcoming_cohorts()
            .filter(*cohort_conditions, hub__isnull=False, course__in=matching(without=name).values("pk"))
            .order_by()
            .values(column)
            .annotate(n=Count("course_id", distinct=True))
            .values_list(column, "n")
        )

    governorate_counts = place_counts("governorate", "hub__governorate_id")
    hub_counts = place_counts("hub", "hub_id")
    programme_counts = dict(
        ProgrammeCourse.objects.filter(
            programme__in=programmes.values("pk"), course__in=matching(without="programme").values("pk")
        )
        .order_by()
        .values("programme_id")
        .annotate(n=Count("course_id", distinct=True))
        .values_list("programme_id", "n")
    )
    programme_titles = (
        programmes.filter(pk__in=[*programme_counts, _as_id(selected.get("programme", "")) or 0])
        .order_by("title")
        .values_list("pk", "title")
    )
    return {
        "topic": options(((t.slug, t.name) for t in topics), topic_counts, "topic"),
        "language": options(CoursePage.Language.choices, language_counts, "language"),
        "mode": options(CoursePage.DeliveryMode.choices, mode_counts, "mode"),
        "governorate": options(((g.id, g.name) for g in governorates()), governorate_counts, "governorate"),
        "hub": options(((h.id, h.name) for h in training_hubs()), hub_counts, "hub"),
        "programme": options(programme_titles, programme_counts, "programme"),
    }


def _active_filters(params: QueryDict, filters: _Filters, facets: dict) -> list[ActiveFilter]:
    """One removable label per filter in use; removing one keeps the others and goes to page 1."""
    labels = {
        "topic": _("Topic"),
        "language": _("Language"),
        "mode": _("Delivery mode"),
        "governorate": _("Governorate"),
        "hub": _("Training hub"),
        "programme": _("Programme"),
        "start_from": _("Starting from"),
        "start_to": _("Starting by"),
    }
    active = []
    if filters.query:
        label = _("Search: %(query)s") % {"query": filters.query}
        active.append(ActiveFilter(label=label, remove_querystring=_without(params, "q")))
    for name, value in filters.values.items():
        chosen = [o.label for o in facets.get(name, []) if o.selected]
        label = _("%(filter)s: %(value)s") % {"filter": labels[name], "value": chosen[0] if chosen else value}
        active.append(ActiveFilter(label=label, remove_querystring=_without(params, name)))
    return active


def _without(params: QueryDict, name: str) -> str:
    kept = params.copy()
    for key in (name, "page"):
        kept.pop(key, None)
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else "?"
