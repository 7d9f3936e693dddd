"""The catalogue's search form, filters and results as HTML: the unfiltered listing (what nearly
every visitor opens) comes from the shared cache, a search or a filter is computed for the request.

The listing is the same for everyone who reads the catalogue in one language on one day (it shows
no one's enrolments), and its eight facet counts and the courses with their next cohorts are most
of the catalogue's cost (ADR 0013). It is forgotten when a catalogue, programme or course page is
published, unpublished, moved or deleted, and when a cohort or a topic is saved or deleted; the
date is part of the key, because the cohorts shown are those that have not ended. Hubs and
governorates belong to ``lms``, which announces no change of their names: a renamed hub shows its
old name in the listing for at most ``TIMEOUT``. The course pages' facts for everyone
(``courses.catalogue.pages.course_facts``) are kept in the same namespace.
"""

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from courses.catalogue.search import catalogue_search
from lms.api import cached, cached_forget

NAMESPACE = "courses:catalogue-listing"
TIMEOUT = 10 * 60
# Page numbers the cache keeps; a longer "page" parameter (a made-up one) is computed each time.
_PAGE_DIGITS = 4


def catalogue_results_html(*, catalogue, request: HttpRequest) -> SafeString:
    """The search form with its facets, the programmes and a page of courses."""

    def render() -> str:
        results = catalogue_search(catalogue=catalogue, params=request.GET)
        # A plain context: none of the site's context processors, nothing of the person.
        context = {"page": catalogue, "results": results, "request": request}
        return get_template("courses/catalogue/results.html").render(context)

    number = request.GET.get("page", "1")
    # isdecimal() alone would let "٣" through, isdigit() even "²", which int() refuses.
    unfiltered = (
        set(request.GET) <= {"page"}
        and number.isascii()
        and number.isdecimal()
        and len(number) <= _PAGE_DIGITS
    )
    if not unfiltered:
        return mark_safe(render())  # noqa: S308  # autoescaped by the template
    key = f"{catalogue.pk}:{get_language()}:{timezone.localdate().isoformat()}:{int(number)}"
    return mark_safe(cached(NAMESPACE, key, render, timeout=TIMEOUT))  # noqa: S308  # as above


def catalogue_listing_forget() -> None:
    """After a change of what the listing shows that sends no signal (the demo's bulk inserts)."""
    cached_forget(NAMESPACE)


def catalogue_listing_changed(sender, **kwargs) -> None:
    """Receiver of the publishing, unpublishing, moving and deletion of catalogue pages and of
    saving or deleting cohorts, topics, modules and activities."""
    catalogue_listing_forget()
