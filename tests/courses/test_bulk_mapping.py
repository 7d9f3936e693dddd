"""Guessing which column holds which field, from headers in Arabic, English or Kurdish."""

import pytest
from django.utils import translation

from courses.bulk.mapping import guess_mapping, mapping_clean
from courses.errors import CoursesError


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_arabic_headers_as_ministries_write_them():
    headers = [
        "ت",
        "الاسم الكامل",
        "البريد الالكتروني",
        "رقم الهاتف",
        "الرقم الوظيفي",
        "العنوان الوظيفي",
        "الجنس",
        "جهة العمل",
        "المحافظة",
    ]
    assert guess_mapping(headers) == {
        "full_name_ar": "الاسم الكامل",
        "email": "البريد الالكتروني",
        "phone": "رقم الهاتف",
        "employee_number": "الرقم الوظيفي",
        "job_title": "العنوان الوظيفي",
        "gender": "الجنس",
        "organisation": "جهة العمل",
        "governorate": "المحافظة",
    }


def test_english_headers_in_any_case_and_punctuation():
    headers = ["No.", "Full Name (Arabic)", "Name in English", "E-Mail", "Mobile", "Employee_ID", "Job Title"]
    assert guess_mapping(headers) == {
        "full_name_ar": "Full Name (Arabic)",
        "full_name_latin": "Name in English",
        "email": "E-Mail",
        "phone": "Mobile",
        "employee_number": "Employee_ID",
        "job_title": "Job Title",
    }


def test_a_name_column_goes_to_the_script_of_its_values():
    sample = [["Zainab Hassan", "z@x.iq"], ["Ali Jabbar", "a@x.iq"]]
    assert guess_mapping(["Name", "Email"], sample)["full_name_latin"] == "Name"
    sample = [["زينب حسن", "z@x.iq"], ["علي جبار", "a@x.iq"]]
    assert guess_mapping(["Name", "Email"], sample)["full_name_ar"] == "Name"


def test_both_names_and_a_name_inside_a_longer_header():
    headers = ["اسم الموظف", "الاسم بالانكليزي", "Email"]
    assert guess_mapping(headers) == {
        "full_name_ar": "اسم الموظف",
        "full_name_latin": "الاسم بالانكليزي",
        "email": "Email",
    }


def test_kurdish_headers():
    headers = ["ناوی تەواو", "ژمارەی مۆبایل", "پارێزگا"]
    assert guess_mapping(headers, [["زینەب حەسەن", "0750", "هەولێر"]]) == {
        "full_name_ar": "ناوی تەواو",
        "phone": "ژمارەی مۆبایل",
        "governorate": "پارێزگا",
    }


def test_unknown_headers_are_left_alone():
    assert guess_mapping(["ملاحظات", "Remarks"]) == {}


def test_a_mapping_needs_an_identifier_and_each_column_once():
    headers = ["الاسم", "البريد", "الهاتف"]
    assert mapping_clean({"full_name_ar": "الاسم", "email": "البريد", "phone": ""}, headers=headers) == {
        "full_name_ar": "الاسم",
        "email": "البريد",
    }
    with pytest.raises(CoursesError, match="e-mail addresses, phone numbers or employee numbers"):
        mapping_clean({"full_name_ar": "الاسم"}, headers=headers)
    with pytest.raises(CoursesError, match="chosen for two fields"):
        mapping_clean({"email": "البريد", "phone": "البريد"}, headers=headers)
    with pytest.raises(CoursesError, match="no column"):
        mapping_clean({"email": "Email"}, headers=headers)
