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
        if entry.msgid_plural:
            continue
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(entry.msgstr)), (
            entry.msgid
        )


# The plural forms in which a language names the number in words ("ساعة واحدة", "ساعتان"), so
# that they may leave the count out: Arabic's one and two, Kurdish's one.
WORDED_FORMS = {"ar": {1, 2}, "ckb": {0}}


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_plural_messages_have_every_form_of_the_language(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    plurals = [entry for entry in catalogue if entry.msgid_plural]
    assert plurals, "the site counts things in sentences"
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == list(range(forms)), entry.msgid
        known = set(PLACEHOLDER.findall(entry.msgid_plural))
        for index, text in entry.msgstr_plural.items():
            assert text, (entry.msgid, index)
            used = set(PLACEHOLDER.findall(text))
            assert used <= known, (entry.msgid, index)
            if index not in WORDED_FORMS[language]:
                assert used == known, (entry.msgid, index)


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "تسجيل الدخول"), ("ckb", "چوونەژوورەوە"), ("en", "Sign in")]
)
def test_the_compiled_catalogues_are_used(language, expected):
    with translation.override(language):
        assert translation.gettext("Sign in") == expected
