"""Arabic-aware comparison of typed answers.

Trainees type the same word many ways: with or without short vowels (tashkeel) and tatweel,
alef with or without hamza (أ إ آ ٱ), taa marbuta as haa (ة/ه), alef maqsura as yaa (ى/ي), hamza on
waw or yaa, Persian/Kurdish yeh and keheh, Arabic-Indic digits. A short answer "الادارة" must
match "الإدارةُ". Both the accepted answer and the trainee's go through ``normalise``.
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
        "ی": "ي",
        "ک": "ك",
        "ە": "ه",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
    }
)
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = ".,;:!?،؛؟\"'«»()"


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "").translate(_FOLD)
    if not case_sensitive:
        text = text.casefold()
    return _SPACES.sub(" ", text).strip().strip(_EDGE_PUNCTUATION).strip()


def matches(given: str, accepted: str, *, case_sensitive: bool = False) -> bool:
    """Whether ``given`` is ``accepted`` once both are normalised; ``*`` in ``accepted`` stands
    for any text (as in Moodle's short-answer questions)."""
    given = normalise(given, case_sensitive=case_sensitive)
    accepted = normalise(accepted, case_sensitive=case_sensitive)
    if "*" not in accepted:
        return given == accepted
    pattern = ".*".join(re.escape(part) for part in accepted.split("*"))
    return re.fullmatch(pattern, given, flags=re.DOTALL) is not None


def parse_number(text: str) -> float | None:
    """A number typed with Arabic or Latin digits, ``٫`` or ``,`` or ``.`` as decimal point."""
    text = normalise(text).replace("٫", ".").replace(",", ".").replace("٬", "").replace(" ", "")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?", text) or len(text) > 40:
        return None
    return float(text)
