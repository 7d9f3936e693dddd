"""Dates and numbers as Iraqi readers write them, in Arabic, Kurdish Sorani and English."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

IRAQI_ARABIC_MONTHS = [
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
]  # fmt: skip
KURDISTAN_MONTHS = [
    "کانوونی دووەم", "شوبات", "ئازار", "نیسان", "ئایار", "حوزەیران",
    "تەمووز", "ئاب", "ئەیلوول", "تشرینی یەکەم", "تشرینی دووەم", "کانوونی یەکەم",
]  # fmt: skip
MONTHS = {"ar": IRAQI_ARABIC_MONTHS, "ckb": KURDISTAN_MONTHS}


@pytest.mark.parametrize("language", ["ar", "ckb"])
@pytest.mark.parametrize("month", range(1, 13))
def test_every_way_of_naming_a_month_uses_the_iraqi_name(language, month):
    day = datetime.date(2027, month, 5)
    with translation.override(language):
        # F: the name; E: its declined form; N: the abbreviation; b and M: the three-letter form.
        for code in ("F", "E", "N", "b", "M"):
            assert formats.date_format(day, code) == MONTHS[language][month - 1], code


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "5 كانون الثاني 2027"), ("ckb", "5 کانوونی دووەم 2027"), ("en", "5 January 2027")],
)
def test_a_date_reads_day_month_year(language, expected):
    with translation.override(language):
        assert formats.date_format(datetime.date(2027, 1, 5)) == expected
        assert Template("{{ day|date }}").render(Context({"day": datetime.date(2027, 1, 5)})) == expected
        assert formats.date_format(datetime.date(2027, 1, 5), "SHORT_DATE_FORMAT").replace("\u200f", "") == (
            "05/01/2027"
        )


def test_an_arabic_time_of_day_says_morning_or_evening():
    with translation.override("ar"):
        moment = datetime.datetime(2027, 3, 21, 14, 30)
        assert formats.date_format(moment, "DATETIME_FORMAT") == "21 آذار 2027، 2:30 م"


@pytest.mark.parametrize("language", ["ar", "ckb", "en"])
def test_numbers_have_a_decimal_point_and_a_thousands_comma_in_every_language(language):
    with translation.override(language):
        assert formats.localize(Decimal("12.5")) == "12.5"
        assert Template("{{ n|floatformat:1 }}").render(Context({"n": Decimal("7.5")})) == "7.5"
        assert formats.number_format(Decimal("1234.5"), force_grouping=True) == "1,234.5"


@pytest.mark.parametrize("language", ["ar", "ckb", "en"])
def test_a_typed_date_is_read_day_first(language):
    with translation.override(language):
        assert forms.DateField().clean("05/01/2027") == datetime.date(2027, 1, 5)
        assert forms.DateField().clean("2027-01-05") == datetime.date(2027, 1, 5)
