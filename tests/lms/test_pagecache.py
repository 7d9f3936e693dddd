"""The kept-pages middleware's own rules (ADR 0026): tokens, time, and hostile addresses.

How each page is forgotten is tested with the pages, in tests/courses/test_kept_pages.py.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from lms import pagecache
from tests.lms.factories import UserFactory


def test_the_sessions_tokens_are_taken_out_and_nothing_else():
    secret, other = _get_new_csrf_string(), _get_new_csrf_string()
    mine, theirs = _mask_cipher_secret(secret), _mask_cipher_secret(other)
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret
    body = f'<input value="{mine}"><p data-x="{theirs}">{"a" * 65}</p><i>{mine}</i>'.encode()
    kept = pagecache._without_tokens(request, body)
    assert mine.encode() not in kept and kept.count(pagecache._TOKEN_PLACE) == 2
    assert theirs.encode() in kept and b"a" * 65 in kept


def test_a_page_is_kept_until_the_nearest_moment_midnight_or_the_longest_age():
    now = timezone.now()
    assert pagecache._seconds_left(now + datetime.timedelta(seconds=30)) <= 30
    assert pagecache._seconds_left(None) <= pagecache.MAX_AGE
    assert pagecache._seconds_left(now - datetime.timedelta(seconds=1)) < 1
    midnight = timezone.localtime(now).replace(hour=23, minute=59, second=50)
    assert pagecache._seconds_left(None) <= max(1, (midnight - timezone.localtime(now)).total_seconds() + 10)


def test_the_code_version_is_read_once_and_names_the_code():
    assert pagecache.code_version() == pagecache.code_version()
    assert len(pagecache.code_version()) == 16


def _kept_keys() -> list[str]:
    return [key for key in getattr(cache, "_cache", {}) if ":lms:page:" in key]


class HostileAddresses(TestCase):
    """Any address, query string or method: never a 500, and nothing kept that no view chose."""

    @given(
        path=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
        query=st.text(max_size=30),
        signed_in=st.booleans(),
    )
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def test_never_a_500_and_nothing_kept_but_chosen_pages(self, path, query, signed_in):
        client = Client()
        if signed_in:
            client.force_login(UserFactory())
        address = "/" + path.lstrip("/").replace("?", "").replace("#", "")
        before = set(_kept_keys())
        try:
            response = client.get(address + ("?" + query if query else ""))
        except ValueError:  # the test client refuses to build some addresses itself
            return
        assert response.status_code < 500
        added = set(_kept_keys()) - before
        assert not added or (response.status_code == 200 and not query)
        assert client.head(address).status_code < 500


@pytest.mark.django_db
def test_a_post_is_never_answered_from_a_kept_page():
    client = Client()
    client.force_login(UserFactory())
    for _ in range(3):
        client.get("/courses/learning/")
    with CaptureQueriesContext(connection) as captured:
        client.post("/courses/learning/")
    assert len(captured.captured_queries) > 2  # the view ran


@pytest.mark.django_db
def test_only_views_that_may_keep_their_page_are_looked_up(monkeypatch):
    """A package file, the LRS, /health/ or the admin pay no cache read for kept pages."""
    looked_up = []
    get_many = cache.get_many

    def spy(keys, *args, **kwargs):
        looked_up.extend(key for key in keys if key.startswith("lms:page:"))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", spy)
    client = Client()
    client.force_login(UserFactory())
    client.get("/health/")
    assert looked_up == []
    client.get("/courses/learning/")
    assert len(looked_up) == 1
    client.get("/admin/")  # Wagtail's admin (refused to a trainee)
    assert len(looked_up) == 1
