"""Importing a question file in two steps, and exporting a category.

``questions_import_check`` reads the file and reports each question: to be imported, or refused
and why; nothing is written. ``questions_import`` writes the good ones in one transaction —
only when the file has no refused question, or when the instructor has confirmed that the good
ones should be imported without the rest.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.images import get_image_model

from certification.assessment.bank.models import Question, QuestionCategory
from certification.assessment.bank.services import question_create
from certification.assessment.errors import AssessmentError

from .gift import read_gift
from .moodlexml import read_moodle_xml, write_moodle_xml
from .parsed import ParsedQuestion

MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ImportReport:
    questions: list[ParsedQuestion]
    imported: int = 0

    @property
    def good(self) -> list[ParsedQuestion]:
        return [q for q in self.questions if q.ok]

    @property
    def refused(self) -> list[ParsedQuestion]:
        return [q for q in self.questions if not q.ok]


def _read(*, content: bytes, filename: str) -> list[ParsedQuestion]:
    if len(content) > MAX_FILE_BYTES:
        raise AssessmentError(_("The file is larger than 5 MB."), code="too_large")
    name = filename.lower()
    if name.endswith(".xml"):
        try:
            return read_moodle_xml(content)
        except ValueError as error:
            raise AssessmentError(str(error), code="unreadable") from error
    if name.endswith((".gift", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise AssessmentError(_("A GIFT file must be UTF-8 text."), code="unreadable") from error
        return read_gift(text)
    raise AssessmentError(_("Choose a GIFT (.gift, .txt) or Moodle XML (.xml) file."), code="bad_format")


def questions_import_check(*, content: bytes, filename: str) -> ImportReport:
    """What importing the file would do, question by question; writes nothing."""
    questions = _read(content=content, filename=filename)
    if not questions:
        raise AssessmentError(_("The file holds no question."), code="empty")
    return ImportReport(questions=questions)


def _image(parsed: ParsedQuestion, by):
    if parsed.image is None:
        return None
    name, data = parsed.image
    try:
        PILImage.open(io.BytesIO(data)).verify()
    except (UnidentifiedImageError, OSError, ValueError):
        return None  # the question stays, without its picture
    return get_image_model().objects.create(
        title=name, file=ImageFile(io.BytesIO(data), name=name), uploaded_by_user=by
    )


@transaction.atomic
def questions_import(
    *, content: bytes, filename: str, category: QuestionCategory, by, confirm_refused: bool = False
) -> ImportReport:
    """Import the file's good questions into ``category`` (or the file's own sub-categories).

    A file with refused questions imports nothing unless ``confirm_refused`` is set.
    """
    report = questions_import_check(content=content, filename=filename)
    if report.refused and not confirm_refused:
        raise AssessmentError(
            _("%(n)s questions cannot be imported; confirm to import the others without them.")
            % {"n": len(report.refused)},
            code="needs_confirmation",
        )
    if not report.good:
        raise AssessmentError(_("No question in the file can be imported."), code="nothing_to_import")
    children: dict[str, QuestionCategory] = {}
    for parsed in report.good:
        target = category
        if parsed.category and parsed.category != category.name:
            if parsed.category not in children:
                children[parsed.category] = QuestionCategory.objects.get_or_create(
                    name=parsed.category[:200], parent=category
                )[0]
            target = children[parsed.category]
        question_create(
            category=target,
            kind=parsed.kind,
            text=parsed.text,
            data=parsed.data,
            by=by,
            name=parsed.name,
            default_mark=Decimal(str(parsed.default_mark)).quantize(Decimal("0.01")),
            general_feedback=parsed.general_feedback,
            image=_image(parsed, by),
        )
    return ImportReport(questions=report.questions, imported=len(report.good))


def questions_export(*, category: QuestionCategory) -> bytes:
    """The category's questions (current versions, archived ones left out) as Moodle XML."""
    questions = Question.objects.filter(
        category=category, archived=False, current__isnull=False
    ).select_related("current")
    return write_moodle_xml([q.current for q in questions], category=category.name)
