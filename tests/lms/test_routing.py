"""Wagtail's pages served with their address from the shared cache (lms/routing.py): fewer queries,
and never a page that was unpublished, moved or renamed."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.courses.factories import catalogue, course_page

pytestmark = pytest.mark.django_db


def get(path: str) -> tuple[int, str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    return response.status_code, response.text if response.status_code == 200 else "", len(queries)


def test_a_page_is_found_by_its_address_from_the_cache():
    course = course_page(title="إدارة التغيير", slug="change")
    status, first, walked = get("/catalogue/change/")
    assert status == 200 and "إدارة التغيير" in first
    status, again, cached = get("/catalogue/change/")
    assert status == 200 and "إدارة التغيير" in again
    # The site, the home page and two per level are not asked for again.
    assert walked - cached >= 4
    assert course.url == "/catalogue/change/"


def test_an_unpublished_moved_or_renamed_page_is_not_served_from_its_old_address():
    course = course_page(title="إدارة التغيير", slug="change")
    other = course_page(title="أمن المعلومات", slug="security")
    for path in ("/catalogue/change/", "/catalogue/security/"):
        get(path)
        get(path)
    course.unpublish()
    assert get("/catalogue/change/")[0] == 404

    # (Wagtail's redirects send the old address of a renamed or moved page to the new one.)
    other.slug = "information-security"
    other.save_revision().publish()
    status, html, _ = get("/catalogue/security/")
    assert status != 200 and "أمن المعلومات" not in html
    assert get("/catalogue/information-security/")[0] == 200

    other.move(course, pos="last-child")
    assert get("/catalogue/information-security/")[0] != 200


def test_a_page_changed_by_code_that_sends_no_signal_is_found_again_by_the_tree():
    course = course_page(title="إدارة التغيير", slug="change")
    get("/catalogue/change/")
    type(course).objects.filter(pk=course.pk).update(live=False)
    assert get("/catalogue/change/")[0] == 404


def test_made_up_addresses_do_not_fill_the_cache():
    catalogue()
    for number in range(5):
        assert get(f"/catalogue/made-up-{number}/")[0] == 404
    keys = list(caches["default"]._cache)
    assert not [key for key in keys if "made-up" in key]
