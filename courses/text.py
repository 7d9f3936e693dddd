"""Arabic-aware text normalisation for search.

Arabic is written with optional short vowels (tashkeel), several forms of alef with or without
hamza, taa marbuta that many people type as haa, and alef maqsura typed as yaa. A trainee
typing "الادارة" must find "الإدارة". Both the indexed text and the query go through
``normalise`` so that they meet in the middle. Digits typed as Arabic-Indic or Persian fold to
Latin ones. Assessment compares typed short answers with the same fold (``courses.api``).
"""

import re
import unicodedata

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian/Kurdish yeh
        "ک": "ك",  # Persian/Kurdish keheh
        "ہ": "ه",
        "ە": "ه",  # Kurdish ae, often typed as haa
        **{digit: str(value) for value, digit in enumerate("٠١٢٣٤٥٦٧٨٩")},
        **{digit: str(value) for value, digit in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    }
)
_SPACES = re.compile(r"\s+")


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """Fold ``text`` for matching: case (unless ``case_sensitive``), diacritics, alef/hamza forms,
    taa marbuta, yeh forms, digits."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "").translate(_FOLD)
    if not case_sensitive:
        text = text.casefold()
    return _SPACES.sub(" ", text).strip()
