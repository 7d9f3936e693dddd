"""Factories for certification: an assessment bank of every question kind and quizzes on enrolled
cohorts; certificate templates, issuing rules and a trainee who completes a course."""

import datetime

import factory
from django.test import TestCase
from django.utils import timezone

from certification.assessment.bank.models import QuestionCategory
from certification.assessment.bank.services import question_create
from certification.assessment.quizzes.services import quiz_create, quiz_question_add, quiz_random_add
from certification.credentials.models import CertificateTemplate, IssuingRule
from certification.credentials.services import certificates_issue_for_cohort
from courses import api as courses_api
from courses.enrolment import services as enrolment_services
from courses.enrolment.services import enrolment_request
from courses.models import Activity, Cohort
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory

# One question of each kind: (kind, text, data, the response that earns the full mark).
EVERY_KIND = [
    (
        "single",
        "ما الهدف الأول من الحكومة الإلكترونية؟",
        {
            "choices": [
                {"id": "a", "text": "خدمة المواطن", "fraction": 1.0, "feedback": "صحيح"},
                {"id": "b", "text": "زيادة الورق", "fraction": 0.0, "feedback": ""},
                {"id": "c", "text": "تقليل الشفافية", "fraction": 0.0, "feedback": ""},
            ]
        },
        {"": ["a"]},
    ),
    (
        "multiple",
        "Which are e-government maturity stages?",
        {
            "choices": [
                {"id": "a", "text": "Presence", "fraction": 0.5},
                {"id": "b", "text": "Transaction", "fraction": 0.5},
                {"id": "c", "text": "Paper", "fraction": -0.5},
            ],
            "partial": "fractions",
        },
        {"": ["a", "b"]},
    ),
    ("true_false", "التوقيع الإلكتروني معترف به قانونياً في العراق.", {"answer": True}, {"": ["true"]}),
    (
        "short",
        "ما اسم الإطار الذي يربط أنظمة الوزارات ببعضها؟",
        {"answers": [{"text": "التشغيل البيني", "fraction": 1.0}, {"text": "الربط", "fraction": 0.5}]},
        {"": ["التشغيل البيني"]},
    ),
    (
        "numeric",
        "كم عدد مراحل نموذج النضج؟",
        {"answers": [{"value": 4, "tolerance": 0, "fraction": 1.0}]},
        {"": ["4"]},
    ),
    (
        "matching",
        "طابق المصطلح بمعناه",
        {
            "pairs": [
                {"id": "1", "prompt": "G2C", "answer": "حكومة إلى مواطن"},
                {"id": "2", "prompt": "G2B", "answer": "حكومة إلى أعمال"},
            ]
        },
        {"1": ["حكومة إلى مواطن"], "2": ["حكومة إلى أعمال"]},
    ),
    (
        "ordering",
        "رتب مراحل إدارة التغيير",
        {
            "items": [
                {"id": "1", "text": "التهيئة"},
                {"id": "2", "text": "التغيير"},
                {"id": "3", "text": "التثبيت"},
            ]
        },
        {"1": ["1"], "2": ["2"], "3": ["3"]},
    ),
    (
        "cloze",
        "الحكومة [[1]] تقدم [[2]] عبر الإنترنت.",
        {"blanks": [{"id": "1", "answers": ["الإلكترونية"]}, {"id": "2", "answers": ["الخدمات", "خدمات"]}]},
        {"1": ["الالكترونيه"], "2": ["خدمات"]},
    ),
    (
        "essay",
        "اشرح خطة لإدارة مقاومة التغيير في مديريتك.",
        {"rubric": [{"criterion": "الوضوح", "points": 2}, {"criterion": "الواقعية", "points": 3}]},
        {"": ["نبدأ بالتواصل ثم التدريب ثم المتابعة."]},
    ),
]


def category(name: str = "أطر الحوكمة الإلكترونية") -> QuestionCategory:
    return QuestionCategory.objects.create(name=name)


def bank(cat: QuestionCategory | None = None, kinds: list[str] | None = None) -> dict[str, object]:
    cat = cat or category()
    return {
        kind: question_create(category=cat, kind=kind, text=text, data=data)
        for kind, text, data, _right in EVERY_KIND
        if kinds is None or kind in kinds
    }


def right_answer(kind: str) -> dict:
    return next(right for k, _t, _d, right in EVERY_KIND if k == kind)


def quiz_with(questions=(), *, random_from=None, random_count=0, trainee=None, **settings):
    """A quiz activity in a running cohort with an enrolled trainee; returns (quiz, trainee)."""
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    module = CourseModuleFactory(course=cohort.course)
    activity = ActivityFactory(module=module, kind=Activity.Kind.QUIZ)
    settings.setdefault("shuffle_choices", False)
    quiz = quiz_create(activity=activity, **settings)
    for question in questions:
        quiz_question_add(quiz=quiz, question=question)
    if random_from is not None:
        quiz_random_add(quiz=quiz, category=random_from, count=random_count)
    trainee = trainee or UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    return quiz, trainee


def enrol(quiz, user=None):
    user = user or UserFactory()
    enrolment_request(
        user=user, cohort=Cohort.objects.filter(course_id=quiz.activity.module.course_id).first()
    )
    return user


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Template {n}")


class IssuingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingRule

    course = factory.LazyFunction(lambda: course_page(duration_hours=30))
    template = factory.SubFactory(TemplateFactory)


def course_with_rule(**rule_fields):
    """A course with one required activity and a certificate rule; returns (rule, activity, cohort)."""
    rule = IssuingRuleFactory(**rule_fields)
    activity = ActivityFactory(module=CourseModuleFactory(course=rule.course))
    cohort = CohortFactory(course=rule.course, starts_on=timezone.localdate())
    return rule, activity, cohort


def trainee_completing(activity, cohort, *, score=90, **user_fields):
    """A new trainee enrolled in ``cohort`` who completes ``activity`` (and so the course)."""
    user_fields.setdefault("full_name_ar", "أحمد علي")
    user_fields.setdefault("full_name_latin", "Ahmed Ali")
    user = UserFactory(**user_fields)
    enrolment = enrolment_services.enrolment_request(user=user, cohort=cohort)
    # The PDF task is queued on commit: run it, as the worker would after the commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        courses_api.activity_result_record(
            user_id=user.pk, activity_id=activity.pk, score=score, completed=True
        )
    enrolment.refresh_from_db()
    return user, enrolment


def cohort_issued_by_instructor(count: int):
    """``count`` trainees complete a cohort before its rule is switched on; then its instructor
    issues their certificates. Returns the issuing's result (its ``issued`` are pending: their PDF
    tasks are queued on commit, which a test's transaction never reaches)."""
    rule, activity, cohort = course_with_rule(is_active=False)
    cohort.capacity = max(cohort.capacity, count)
    cohort.save()
    for _ in range(count):
        trainee_completing(activity, cohort)
    rule.is_active = True
    rule.save()
    instructor = UserFactory()
    cohort.instructors.add(instructor)
    return certificates_issue_for_cohort(cohort_id=cohort.pk, by=instructor)
