"""Acceptance 2 of issue 9 on SQLite: generated hostile requests to every LRS resource — deep
nesting, odd Unicode, NaN, long strings, NUL, bad dates, chunked and truncated bodies — are never
answered 500, and a refused one stores nothing (tests/content/lrs/hostile.py; the same on
PostgreSQL in tests/integration/test_views_lrs_hostile_postgresql.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from . import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(db) -> dict[str, dict[str, str]]:
    return hostile.credentials()


@pytest.mark.parametrize("resource", hostile.RESOURCES)
@hostile.FUZZ
@given(data=st.data())
def test_hostile_requests_get_no_500_and_a_refusal_stores_nothing(headers, resource, data):
    request = data.draw(hostile.requests(resource))
    who = data.draw(st.sampled_from(sorted(headers)))
    hostile.check(request, headers[who])
