"""Our fields, and which column of an uploaded list holds each.

A mapping is a dict from our field to a header of the file, e.g. ``{"email": "البريد الإلكتروني"}``.
``guess_mapping`` proposes one from the headers, in Arabic, English or Kurdish, compared after
``courses.text.normalise`` (hamza forms, taa marbuta, case and punctuation do not matter); staff
correct it in the mapping form before the dry run.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.errors import CoursesError
from courses.text import normalise


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    # Whole headers that name this field, and words that name it when found inside a header.
    aliases: tuple[str, ...]
    keywords: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field(
        "full_name_ar",
        gettext_lazy("Full name (Arabic script)"),
        (
            "الاسم الكامل",
            "الاسم الكامل بالعربي",
            "الاسم بالعربي",
            "الاسم بالعربية",
            "الاسم باللغة العربية",
            "الاسم الثلاثي",
            "الاسم الرباعي",
            "اسم الموظف",
            "اسم المتدرب",
            "الاسم",
            "full name (arabic)",
            "arabic name",
            "name (arabic)",
            "name ar",
            "full name ar",
            "ناوی تەواو",
            "ناو",
        ),
        ("arabic name", "الاسم بالعربي", "الاسم الكامل"),
    ),
    Field(
        "full_name_latin",
        gettext_lazy("Full name (Latin script)"),
        (
            "الاسم بالانجليزي",
            "الاسم بالإنجليزية",
            "الاسم بالانكليزي",
            "الاسم بالإنكليزية",
            "الاسم باللغة الانجليزية",
            "الاسم باللغة الإنكليزية",
            "full name (english)",
            "full name (latin)",
            "english name",
            "latin name",
            "name (english)",
            "name en",
            "full name latin",
            "full name",
            "name",
        ),
        ("english", "latin", "انجليز", "انكليز"),
    ),
    Field(
        "email",
        gettext_lazy("E-mail address"),
        (
            "البريد الإلكتروني",
            "البريد",
            "الايميل",
            "الإيميل",
            "email",
            "e mail",
            "email address",
            "e mail address",
            "mail",
            "ئیمەیڵ",
            "پۆستی ئەلیکترۆنی",
        ),
        ("بريد", "ايميل", "email", "e mail", "ئیمەیڵ"),
    ),
    Field(
        "phone",
        gettext_lazy("Phone number"),
        (
            "رقم الهاتف",
            "الهاتف",
            "رقم الموبايل",
            "الموبايل",
            "رقم الجوال",
            "الجوال",
            "الهاتف النقال",
            "phone",
            "phone number",
            "mobile",
            "mobile number",
            "telephone",
            "tel",
            "ژمارەی مۆبایل",
            "ژمارەی تەلەفۆن",
            "مۆبایل",
        ),
        ("هاتف", "موبايل", "جوال", "phone", "mobile", "مۆبایل", "تەلەفۆن"),
    ),
    Field(
        "employee_number",
        gettext_lazy("Employee number"),
        (
            "الرقم الوظيفي",
            "رقم الموظف",
            "الرقم الوظيفى",
            "employee number",
            "employee no",
            "employee id",
            "staff number",
            "staff id",
            "emp no",
            "ژمارەی فەرمانبەر",
        ),
        (
            "رقم وظيفي",
            "الرقم الوظيفي",
            "رقم الموظف",
            "employee n",
            "employee id",
            "staff n",
            "staff id",
            "ژمارەی فەرمانبەر",
        ),
    ),
    Field(
        "gender",
        gettext_lazy("Gender"),
        ("الجنس", "النوع", "gender", "sex", "ڕەگەز", "رەگەز"),
        ("الجنس", "gender"),
    ),
    Field(
        "organisation",
        gettext_lazy("Organisation"),
        (
            "الجهة",
            "جهة العمل",
            "الدائرة",
            "المؤسسة",
            "الوزارة",
            "مكان العمل",
            "organisation",
            "organization",
            "ministry",
            "department",
            "directorate",
            "employer",
            "دامەزراوە",
            "فەرمانگە",
        ),
        ("جهة", "دائرة", "مؤسسة", "وزارة", "organi", "ministry", "directorate"),
    ),
    Field(
        "governorate",
        gettext_lazy("Governorate"),
        ("المحافظة", "governorate", "province", "پارێزگا"),
        ("محافظ", "governorate", "پارێزگا"),
    ),
    Field(
        "job_title",
        gettext_lazy("Job title"),
        (
            "العنوان الوظيفي",
            "المسمى الوظيفي",
            "الوظيفة",
            "المنصب",
            "job title",
            "title",
            "position",
            "job",
            "ناونیشانی کار",
            "پلە",
        ),
        ("عنوان وظيفي", "العنوان الوظيفي", "مسمى", "منصب", "job", "position"),
    ),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)
IDENTIFIERS = ("employee_number", "email", "phone")
NAMES = ("full_name_ar", "full_name_latin")
# Headers that name a name without saying its script: the values decide.
_SCRIPTLESS_NAME_HEADERS = {"name", "full name", "الاسم", "الاسم الكامل", "ناو", "ناوی تەواو"}
_PUNCTUATION = re.compile(r"[\s\-_.:/()\[\]#*]+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def field_label(name: str) -> str:
    return str(next(field.label for field in FIELDS if field.name == name))


def _key(text: str) -> str:
    return _PUNCTUATION.sub(" ", normalise(text)).strip()


def guess_mapping(headers: list[str], sample: list[list[str]] | None = None) -> dict[str, str]:
    """Our field → the header that most likely holds it; fields with no likely header are left out.

    Whole-header aliases are tried first, then words inside headers, each header used once. A
    header that names a name without its script ("Name", "الاسم") goes to the Arabic or the
    Latin name by the script of the sample values under it.
    """
    keys = [_key(header) for header in headers]
    sample = sample or []
    mapping: dict[str, str] = {}

    def free(index: int) -> bool:
        return headers[index] not in mapping.values()

    def by_script(index: int) -> str:
        return _name_field_by_script([row[index] for row in sample if index < len(row)])

    scriptless = {_key(h) for h in _SCRIPTLESS_NAME_HEADERS}
    for index, key in enumerate(keys):
        if key in scriptless and sample:
            mapping.setdefault(by_script(index), headers[index])
    for field in FIELDS:
        aliases = {_key(alias) for alias in field.aliases}
        for index, key in enumerate(keys):
            if field.name not in mapping and free(index) and key in aliases:
                mapping[field.name] = headers[index]
    # Words inside headers, the more specific fields first, so that "العنوان الوظيفي" (job
    # title) is not taken for "الرقم الوظيفي" (employee number).
    for field in sorted(FIELDS, key=lambda f: _KEYWORD_ORDER.index(f.name)):
        words = [_key(word) for word in field.keywords]
        for index, key in enumerate(keys):
            if field.name not in mapping and free(index) and any(word in key for word in words):
                mapping[field.name] = headers[index]
    # Last, any header with a word for "name" in it, by the script of its values.
    for index, key in enumerate(keys):
        if free(index) and any(word in key.split() for word in _NAME_WORDS):
            mapping.setdefault(by_script(index), headers[index])
    return mapping


_KEYWORD_ORDER = (
    "job_title",
    "employee_number",
    "full_name_latin",
    "full_name_ar",
    "email",
    "phone",
    "gender",
    "organisation",
    "governorate",
)
_NAME_WORDS = {"name", "الاسم", "اسم", "ناو", "ناوی"}


def _name_field_by_script(values: list[str]) -> str:
    arabic = sum(bool(_ARABIC_LETTER.search(v)) for v in values)
    latin = sum(bool(_LATIN_LETTER.search(v)) for v in values)
    return "full_name_latin" if latin > arabic else "full_name_ar"


def mapping_clean(mapping: dict[str, str], *, headers: list[str]) -> dict[str, str]:
    """The mapping without empty choices, or ``CoursesError`` saying what is wrong with it."""
    cleaned = {field: header for field, header in mapping.items() if header}
    unknown_fields = set(cleaned) - set(FIELD_NAMES)
    if unknown_fields:
        raise CoursesError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown_fields))},
            code="mapping_unknown_field",
        )
    for header in cleaned.values():
        if header not in headers:
            raise CoursesError(
                _("The file has no column “%(header)s”.") % {"header": header}, code="mapping_unknown_header"
            )
    headers_used = list(cleaned.values())
    for header in headers_used:
        if headers_used.count(header) > 1:
            raise CoursesError(
                _("The column “%(header)s” is chosen for two fields.") % {"header": header},
                code="mapping_header_twice",
            )
    if not any(field in cleaned for field in IDENTIFIERS):
        raise CoursesError(
            _(
                "Choose the column of e-mail addresses, phone numbers or employee numbers: people are matched by them."
            ),
            code="mapping_no_identifier",
        )
    return cleaned
