"""Hostile input to every assessment endpoint: never a 500, and a refused request changes nothing.

Trainee endpoints (the quiz page, the attempt's pages, the answer endpoint, the submission, the
review) and instructor endpoints (import, question edit, quiz questions, grading and overrides)
get arbitrary form fields; the readers get arbitrary files and the scorer arbitrary answers.
Bounded for the unit tier (``TADRIB_FUZZ_EXAMPLES`` raises it).
"""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.assessment.attempts.models import Attempt, AttemptQuestion, MarkChange
from certification.assessment.attempts.services import attempt_start
from certification.assessment.bank.models import Question, QuestionVersion
from certification.assessment.formats.gift import read_gift
from certification.assessment.formats.moodlexml import read_moodle_xml
from certification.assessment.grading.scoring import score
from certification.assessment.quizzes.models import QuizSlot
from content.lrs.models import Statement
from lms.people.roles import Role
from tests.certification.factories import EVERY_KIND, bank, quiz_with
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("TADRIB_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Requests are slower than parsing: fewer examples each, every endpoint still visited each time.
FUZZ_REQUESTS = settings(FUZZ, max_examples=max(10, EXAMPLES // 3))

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
hostile_value = st.one_of(
    text,
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1",
            "2",
            "99999999999999999999",
            "1e309",
            "NaN",
            "a",
            "true",
            "<script>",
            "../..",
            "\x00",
        ]
    ),
)
hostile_key = st.one_of(
    st.sampled_from(
        [
            "position",
            "sequence",
            "left",
            "q1",
            "q1.1",
            "q2",
            "q3",
            "q1.x",
            "goto",
            "finish",
            "answer",
            "percent",
            "reason",
            "points-0",
            "comment",
            "remove",
            "question",
            "category",
            "count",
            "token",
            "new_category",
            "data",
            "text",
            "name",
        ]
    ),
    text,
)
hostile_form = st.dictionaries(hostile_key, st.lists(hostile_value, min_size=1, max_size=3), max_size=8)


def world():
    questions = bank(kinds=["single", "multiple", "short", "matching", "essay"])
    quiz, trainee = quiz_with(questions.values(), time_limit_minutes=30)
    instructor = UserFactory(role=Role.INSTRUCTOR)
    course = quiz.activity.module.course
    course.instructors.add(instructor)
    course.save()
    return quiz, trainee, instructor, attempt_start(user=trainee, quiz=quiz)


def state():
    return (
        sorted(AttemptQuestion.objects.values_list("pk", "response", "sequence", "fraction")),
        sorted(Attempt.objects.values_list("pk", "state", "score")),
        Statement.objects.count(),
        MarkChange.objects.count(),
        Question.objects.count(),
        QuestionVersion.objects.count(),
        QuizSlot.objects.count(),
    )


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(user)
    return client


def assert_sound(response, before):
    assert response.status_code < 500
    if response.status_code >= 400:
        assert state() == before


@pytest.fixture
def setup():
    return world()


@FUZZ_REQUESTS
@given(form=hostile_form)
def test_trainee_endpoints_never_fail_and_refusals_change_nothing(setup, form):
    quiz, trainee, _instructor, attempt = setup
    client = signed_in(trainee)
    for url in (
        reverse("assessment:answer", args=[attempt.pk]),
        reverse("assessment:attempt", args=[attempt.pk]) + "?page=" + str(form.get("goto", ["x"])[0])[:10],
        reverse("assessment:quiz", args=[quiz.activity_id]),
    ):
        before = state()
        assert_sound(client.post(url, form), before)


@FUZZ_REQUESTS
@given(form=hostile_form, other=st.booleans())
def test_another_persons_requests_are_refused_and_change_nothing(setup, form, other):
    _quiz, _trainee, _instructor, attempt = setup
    stranger = signed_in(UserFactory() if other else _instructor)
    before = state()
    for name in ("answer", "attempt", "summary"):
        response = stranger.post(reverse(f"assessment:{name}", args=[attempt.pk]), form)
        assert response.status_code in (403, 302)
    assert stranger.get(reverse("assessment:review", args=[attempt.pk])).status_code in (403, 302)
    assert state() == before


@FUZZ_REQUESTS
@given(form=hostile_form)
def test_instructor_endpoints_never_fail_and_refusals_change_nothing(setup, form):
    quiz, _trainee, instructor, attempt = setup
    client = signed_in(instructor)
    question = Question.objects.first()
    for url in (
        reverse("assessment_admin:attempt", args=[attempt.pk]),
        reverse("assessment_admin:question_edit", args=[question.pk]),
        reverse("assessment_admin:quiz_questions", args=[quiz.pk]),
        reverse("assessment_admin:quiz_settings", args=[quiz.pk]),
        reverse("assessment_admin:import"),
        reverse("assessment_admin:quizzes"),
    ):
        before = state()
        assert_sound(client.post(url, form), before)


@FUZZ_REQUESTS
@given(
    content=st.binary(max_size=400),
    name=st.sampled_from(["a.gift", "a.xml", "a.txt", "a.pdf", "", "x/../a.xml"]),
)
def test_import_check_of_any_file_never_fails_and_writes_nothing(setup, content, name):
    _quiz, _trainee, instructor, _attempt = setup
    before = state()
    upload = SimpleUploadedFile(name or "noname", content)
    response = signed_in(instructor).post(
        reverse("assessment_admin:import"), {"file": upload, "new_category": "x"}
    )
    assert response.status_code < 500
    assert state() == before


@FUZZ
@given(source=st.text(max_size=300))
def test_gift_reader_reads_or_refuses_any_text(source):
    for question in read_gift(source):
        assert question.ok or question.problem


@FUZZ
@given(
    content=st.binary(max_size=300)
    | st.text(max_size=300).map(
        lambda t: f"<quiz><question type='multichoice'>{t}</question></quiz>".encode()
    )
)
def test_moodle_xml_reader_reads_or_refuses_any_bytes(content):
    try:
        questions = read_moodle_xml(content)
    except ValueError as error:
        assert str(error)
        return
    for question in questions:
        assert question.ok or question.problem


@FUZZ
@given(kind=st.sampled_from([k for k, *_ in EVERY_KIND]), response=st.none() | hostile_form)
def test_any_answer_scores_between_0_and_1(kind, response):
    _kind, text_, data, _right = next(row for row in EVERY_KIND if row[0] == kind)
    version = QuestionVersion(kind=kind, text=text_, data=data)
    fraction = score(version, response)
    assert fraction is None or 0 <= fraction <= 1
