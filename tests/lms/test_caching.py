"""Values cached until the rows behind them change (lms/caching.py), and the centre's settings on
every page read through it."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from lms.caching import cached, cached_forget, cached_many
from lms.models import CentreSettings

pytestmark = pytest.mark.django_db


def test_a_value_is_computed_once_until_its_namespace_is_forgotten(django_capture_on_commit_callbacks):
    computed = []

    def compute() -> str:
        computed.append(1)
        return f"value {len(computed)}"

    assert cached("test:things", "a", compute) == "value 1"
    assert cached("test:things", "a", compute) == "value 1"
    with django_capture_on_commit_callbacks(execute=True):
        cached_forget("test:things")
        # At once, within the transaction that changes the rows...
        assert cached("test:things", "a", compute) == "value 2"
    # ...and again after it commits: what was computed meanwhile is not served.
    assert cached("test:things", "a", compute) == "value 3"
    assert cached("test:other", "a", compute) == "value 4"


def test_the_centres_new_name_is_on_the_next_page():
    client = Client()
    assert "مركز التدريب" in client.get(reverse("people:login")).content.decode()
    settings = CentreSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name_ar = "مركز البصرة للتدريب"
    settings.save()
    assert "مركز البصرة للتدريب" in client.get(reverse("people:login")).content.decode()


def test_several_values_missing_from_the_cache_are_computed_together():
    asked = []

    def compute(keys: list[str]) -> dict[str, str]:
        asked.append(sorted(keys))
        return {key: key.upper() for key in keys}

    assert cached_many("test:many", ["a"], compute) == {"a": "A"}
    assert cached_many("test:many", ["a", "b", "c"], compute) == {"a": "A", "b": "B", "c": "C"}
    assert asked == [["a"], ["b", "c"]]
