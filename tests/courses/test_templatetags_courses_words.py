"""Counted words: the noun takes the form each language gives it after that number."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from courses.templatetags.courses_words import hours


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("ar", 1, "ساعة واحدة"),
        ("ar", 2, "ساعتان"),
        ("ar", 8, "8 ساعات"),
        ("ar", 12, "12 ساعة"),
        ("ar", 100, "100 ساعة"),
        ("ar", Decimal("8.0"), "8 ساعات"),
        ("ar", Decimal("1.5"), "1.5 ساعة"),
        ("ckb", 8, "8 کاتژمێر"),
        ("ckb", Decimal("2.5"), "2.5 کاتژمێر"),
        ("en", 1, "1 hour"),
        ("en", 8, "8 hours"),
        ("en", Decimal("1.5"), "1.5 hours"),
    ],
)
def test_hours_are_counted_as_the_language_counts_them(language, value, expected):
    with translation.override(language):
        assert hours(value) == expected


@pytest.mark.parametrize(("seated", "expected"), [(2, "من أصل متدربَين"), (5, "5 متدربين"), (25, "25 متدربًا")])
def test_the_check_in_count_agrees_with_the_number_of_trainees(seated, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count seated=seated %}{{ checked_in }} of {{ seated }} trainee "
        "checked in{% plural %}{{ checked_in }} of {{ seated }} trainees checked in{% endblocktranslate %}"
    )
    with translation.override("ar"):
        assert expected in template.render(Context({"checked_in": 1, "seated": seated}))
