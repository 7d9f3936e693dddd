"""Every interface string is translated into Arabic and Kurdish, placeholders intact."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w*\}")


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_the_catalogue_is_complete_and_keeps_placeholders(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue.translated_entries():
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(entry.msgstr)), (
            entry.msgid
        )


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "تسجيل الدخول"), ("ckb", "چوونەژوورەوە"), ("en", "Sign in")]
)
def test_the_compiled_catalogues_are_used(language, expected):
    with translation.override(language):
        assert translation.gettext("Sign in") == expected
