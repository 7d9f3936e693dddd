"""Catalogue pages are translatable; readers get the translation in their language."""

import pytest
from wagtail.models import Locale

from tests.courses.factories import course_page

pytestmark = pytest.mark.django_db


def test_each_content_language_has_a_locale():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"ar", "en", "ckb"}


def test_an_english_reader_gets_the_english_translation_at_the_same_address(client):
    course = course_page(title="إدارة التغيير", summary="مدخل إلى إدارة التغيير في المؤسسات العامة.")
    english = course.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Change Management"
    english.summary = "An introduction to change management in public bodies."
    english.save_revision().publish()
    for page in english.get_ancestors().specific():
        if page.depth > 1 and not page.live:
            page.save_revision().publish()

    arabic_page = client.get(course.url).content.decode()
    assert "إدارة التغيير" in arabic_page
    client.post("/account/language/", {"language": "en", "next": "/"})
    english_page = client.get(course.url).content.decode()
    assert "Change Management" in english_page
    assert 'lang="en" dir="ltr"' in english_page
