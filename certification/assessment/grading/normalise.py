"""Arabic-aware comparison of typed answers.

Trainees type the same word many ways: with or without short vowels (tashkeel) and tatweel,
alef with or without hamza (أ إ آ ٱ), taa marbuta as haa (ة/ه), alef maqsura as yaa (ى/ي), hamza on
waw or yaa, Persian/Kurdish yeh and keheh, Arabic-Indic digits. A short answer "الادارة" must
match "الإدارةُ". Both the accepted answer and the trainee's go through ``normalise``, which is
the catalogue search's fold (``courses.api.text_normalise``).
"""

import re

from courses import api as courses_api

_EDGE_PUNCTUATION = ".,;:!?،؛؟\"'«»()"


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """The catalogue's Arabic-aware fold, without the punctuation a trainee adds at the edges."""
    text = courses_api.text_normalise(text, case_sensitive=case_sensitive)
    return text.strip(_EDGE_PUNCTUATION).strip()


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
