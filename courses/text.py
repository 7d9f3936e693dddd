"""Arabic-aware text normalisation for search.

Arabic is written with optional short vowels (tashkeel), several forms of alef with or without
hamza, taa marbuta that many people type as haa, and alef maqsura typed as yaa. A trainee
typing "الادارة" must find "الإدارة". Both the indexed text and the query go through
``normalise`` so that they meet in the middle.
"""

import re
import unicodedata

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
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
    }
)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold ``text`` for matching: case, diacritics, alef/hamza forms, taa marbuta, yeh forms."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_FOLD).casefold()
    return _SPACES.sub(" ", text).strip()
