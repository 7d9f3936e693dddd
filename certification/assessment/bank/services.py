"""Writing to the bank: a question is created with its first version; an edit is a new version."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from certification.assessment.errors import AssessmentError

from .kinds import data_problems
from .models import Question, QuestionCategory, QuestionKind, QuestionTag, QuestionVersion


def _version(
    question: Question, *, kind: str, name: str, text: str, data: dict, by, **more
) -> QuestionVersion:
    if kind not in QuestionKind.values:
        raise AssessmentError(_("Unknown question kind."), code="bad_kind")
    if not text.strip():
        raise AssessmentError(_("A question needs a text."), code="no_text")
    problems = data_problems(kind, text, data)
    if problems:
        raise AssessmentError(" ".join(problems), code="bad_data")
    number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = QuestionVersion(
        question=question,
        number=number,
        kind=kind,
        name=(name or text)[:200],
        text=text,
        data=data,
        created_by=by,
        **more,
    )
    version.full_clean(exclude=["question", "image", "created_by"])
    version.save()
    question.current = version
    question.save(update_fields=["current"])
    return version


@transaction.atomic
def question_create(
    *,
    category: QuestionCategory,
    kind: str,
    text: str,
    data: dict,
    by=None,
    name: str = "",
    default_mark: Decimal | int = 1,
    general_feedback: str = "",
    tags: list[str] = (),
    image=None,
) -> Question:
    """A new question in the bank, with its first version."""
    question = Question.objects.create(category=category, created_by=by)
    _version(
        question,
        kind=kind,
        name=name,
        text=text,
        data=data,
        by=by,
        default_mark=Decimal(default_mark),
        general_feedback=general_feedback,
        image=image,
    )
    for tag in tags:
        question.tags.add(QuestionTag.objects.get_or_create(name=tag.strip()[:60])[0])
    return question


@transaction.atomic
def question_revise(
    *, question: Question, by, text: str, data: dict, name: str = "", general_feedback: str | None = None
) -> QuestionVersion:
    """A new version of ``question``; attempts already given the old one keep it."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    current = question.current
    return _version(
        question,
        kind=current.kind,
        name=name or current.name,
        text=text,
        data=data,
        by=by,
        default_mark=current.default_mark,
        general_feedback=current.general_feedback if general_feedback is None else general_feedback,
        image=current.image,
    )
