"""Acceptance 1: GIFT and Moodle XML files with every supported type import with a correct
report; a file with broken questions imports the good ones only when the instructor confirms."""

import base64
import io

import pytest
from django.utils.translation import override
from PIL import Image

from certification.assessment.bank.models import Question, QuestionCategory
from certification.assessment.errors import AssessmentError
from certification.assessment.formats.gift import read_gift
from certification.assessment.formats.services import (
    questions_export,
    questions_import,
    questions_import_check,
)
from certification.assessment.grading.scoring import score
from tests.certification.factories import bank

pytestmark = pytest.mark.django_db

GIFT_EVERY_TYPE = """// Every GIFT type Tadrib reads
$CATEGORY: $course$/الأطر

::single::ما الهدف الأول من الحكومة الإلكترونية؟ {=خدمة المواطن#أحسنت ~زيادة الورق ~تقليل الشفافية}

::multiple::Which are maturity stages? {~%50%Presence ~%50%Transaction ~%-100%Paper}

::tf::التوقيع الإلكتروني معترف به قانونياً. {T}

::short::ما اسم الإطار الذي يربط الأنظمة؟ {=التشغيل البيني =%50%الربط}

::numeric::كم عدد مراحل نموذج النضج؟ {#4:0}

::range::Pick a number between 1 and 5 {#1..5}

::matching::طابق المصطلح بمعناه {=G2C -> حكومة إلى مواطن =G2B -> حكومة إلى أعمال =G2G -> حكومة إلى حكومة}

::missing::الحكومة {=الإلكترونية =الرقمية} تقدم خدماتها عبر الإنترنت.

::mc-missing::تقدم الحكومة {=خدماتها ~أوراقها} عبر الإنترنت.

::essay::اشرح خطة لإدارة مقاومة التغيير. {}

::escaped::What is 2 \\= 2 \\{really\\}? {T####Yes, really.}
"""

GIFT_BROKEN = """::good::التوقيع الإلكتروني معترف به. {T}

::no braces:: هذا سؤال بلا إجابات

::bad number::How many? {#four}

::empty answer::Empty answer? {=}

::single wrong::Pick {~a ~b}
"""

PNG = io.BytesIO()
Image.new("RGB", (4, 4), "green").save(PNG, format="PNG")
PNG_B64 = base64.b64encode(PNG.getvalue()).decode()

MOODLE_XML_EVERY_TYPE = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/التخطيط</text></category></question>
  <question type="multichoice">
    <name><text>single</text></name>
    <questiontext format="html"><text><![CDATA[<p>ما الخطوة الأولى في <b>التخطيط</b>؟</p><img src="@@PLUGINFILE@@/map.png">]]></text>
      <file name="map.png" path="/" encoding="base64">{PNG_B64}</file></questiontext>
    <generalfeedback format="html"><text>التحليل قبل التنفيذ.</text></generalfeedback>
    <defaultgrade>2</defaultgrade>
    <single>true</single>
    <answer fraction="100"><text>تحليل الوضع الراهن</text><feedback><text>صحيح</text></feedback></answer>
    <answer fraction="0"><text>شراء الأجهزة</text></answer>
  </question>
  <question type="multichoice">
    <name><text>multiple</text></name>
    <questiontext format="html"><text>Pick the e-services</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>Online tax</text></answer>
    <answer fraction="50"><text>e-Passport</text></answer>
    <answer fraction="-100"><text>Fax</text></answer>
  </question>
  <question type="truefalse">
    <name><text>tf</text></name>
    <questiontext><text>البوابة الحكومية تحتاج هوية رقمية.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>short</text></name>
    <questiontext><text>ما اسم الخطة الوطنية؟</text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100"><text>الاستراتيجية الوطنية</text></answer>
  </question>
  <question type="numerical">
    <name><text>numeric</text></name>
    <questiontext><text>What percentage is a pass?</text></questiontext>
    <answer fraction="100"><text>60</text><tolerance>5</tolerance></answer>
  </question>
  <question type="matching">
    <name><text>matching</text></name>
    <questiontext><text>طابق</text></questiontext>
    <subquestion><text>PKI</text><answer><text>البنية التحتية للمفاتيح العامة</text></answer></subquestion>
    <subquestion><text>ERP</text><answer><text>تخطيط موارد المؤسسة</text></answer></subquestion>
    <subquestion><text></text><answer><text>مشتت</text></answer></subquestion>
  </question>
  <question type="ordering">
    <name><text>ordering</text></name>
    <questiontext><text>رتب مراحل المشروع</text></questiontext>
    <answer fraction="1"><text>التخطيط</text></answer>
    <answer fraction="2"><text>التنفيذ</text></answer>
    <answer fraction="3"><text>التقييم</text></answer>
  </question>
  <question type="cloze">
    <name><text>cloze</text></name>
    <questiontext><text>الحكومة {{1:SHORTANSWER:=الإلكترونية~=الرقمية}} تقدم {{1:SA:=الخدمات}} عبر الإنترنت.</text></questiontext>
  </question>
  <question type="essay">
    <name><text>essay</text></name>
    <questiontext><text>صف خطة تنفيذ في مديريتك.</text></questiontext>
    <graderinfo format="html"><text>الوضوح | 2
الواقعية | 3</text></graderinfo>
  </question>
</quiz>
"""

MOODLE_XML_BROKEN = """<?xml version="1.0"?>
<quiz>
  <question type="truefalse"><name><text>good</text></name><questiontext><text>صحيح؟</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>
  <question type="calculated"><name><text>calc</text></name><questiontext><text>{a}+{b}</text></questiontext></question>
  <question type="multichoice"><name><text>no right</text></name><questiontext><text>?</text></questiontext>
    <single>true</single><answer fraction="0"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>
  <question type="cloze"><name><text>cloze mc</text></name><questiontext><text>{1:MULTICHOICE:=a~b}</text></questiontext></question>
</quiz>
"""


@pytest.fixture
def category():
    return QuestionCategory.objects.create(name="مستورد")


def kinds_of(report):
    return [(q.name, q.kind, q.ok) for q in report.questions]


def test_gift_with_every_type_imports_with_a_correct_report(category):
    report = questions_import(
        content=GIFT_EVERY_TYPE.encode(), filename="bank.gift", category=category, by=None
    )
    assert kinds_of(report) == [
        ("single", "single", True),
        ("multiple", "multiple", True),
        ("tf", "true_false", True),
        ("short", "short", True),
        ("numeric", "numeric", True),
        ("range", "numeric", True),
        ("matching", "matching", True),
        ("missing", "cloze", True),
        ("mc-missing", "single", True),
        ("essay", "essay", True),
        ("escaped", "true_false", True),
    ]
    assert report.imported == 11
    questions = {q.current.name: q.current for q in Question.objects.select_related("current", "category")}
    assert {q.question.category.name for q in questions.values()} == {"الأطر"}
    assert questions["range"].data["answers"] == [{"value": 3.0, "tolerance": 2.0, "fraction": 1.0}]
    assert questions["escaped"].text == "What is 2 = 2 {really}?"
    assert questions["escaped"].general_feedback == "Yes, really."
    assert questions["mc-missing"].text == "تقدم الحكومة _____ عبر الإنترنت."
    assert score(questions["missing"], {"1": ["الالكترونيه"]}) == 1
    assert score(questions["short"], {"": ["الربط"]}) == 0.5
    assert score(questions["multiple"], {"": ["a", "c"]}) == 0


def test_moodle_xml_with_every_type_imports_with_a_correct_report(category):
    report = questions_import(
        content=MOODLE_XML_EVERY_TYPE.encode(), filename="bank.xml", category=category, by=None
    )
    assert [(q.name, q.kind, q.ok) for q in report.questions] == [
        ("single", "single", True),
        ("multiple", "multiple", True),
        ("tf", "true_false", True),
        ("short", "short", True),
        ("numeric", "numeric", True),
        ("matching", "matching", True),
        ("ordering", "ordering", True),
        ("cloze", "cloze", True),
        ("essay", "essay", True),
    ]
    versions = {q.current.name: q.current for q in Question.objects.select_related("current")}
    single = versions["single"]
    assert single.text == "ما الخطوة الأولى في التخطيط؟"
    assert single.image is not None and single.image.width == 4
    assert single.default_mark == 2
    assert versions["matching"].data["pairs"][1] == {
        "id": "2",
        "prompt": "ERP",
        "answer": "تخطيط موارد المؤسسة",
    }
    assert versions["cloze"].text == "الحكومة [[1]] تقدم [[2]] عبر الإنترنت."
    assert versions["essay"].data["rubric"] == [
        {"criterion": "الوضوح", "points": 2.0},
        {"criterion": "الواقعية", "points": 3.0},
    ]
    assert score(versions["numeric"], {"": ["٦٣"]}) == 1


@pytest.mark.parametrize(
    ("content", "filename", "refused"),
    [
        (GIFT_BROKEN, "broken.gift", ["no braces", "bad number", "empty answer", "single wrong"]),
        (MOODLE_XML_BROKEN, "broken.xml", ["calc", "no right", "cloze mc"]),
    ],
)
def test_broken_questions_import_the_good_ones_only_when_confirmed(category, content, filename, refused):
    report = questions_import_check(content=content.encode(), filename=filename)
    assert [q.name for q in report.refused] == refused
    assert all(q.problem for q in report.refused)
    assert [q.name for q in report.good] == ["good"]
    with pytest.raises(AssessmentError) as unconfirmed:
        questions_import(content=content.encode(), filename=filename, category=category, by=None)
    assert unconfirmed.value.code == "needs_confirmation"
    assert not Question.objects.exists()
    done = questions_import(
        content=content.encode(), filename=filename, category=category, by=None, confirm_refused=True
    )
    assert done.imported == 1
    assert [q.current.name for q in Question.objects.all()] == ["good"]


def test_gift_refusals_say_why_in_the_instructors_language():
    problems = {q.name: q.problem for q in read_gift(GIFT_BROKEN) if not q.ok}
    assert problems["no braces"] == "لا توجد إجابات بين زوج واحد من الأقواس { }."
    assert problems["bad number"] == "الإجابة العددية «four» ليست رقماً."
    with override("en"):
        assert "braces" in read_gift(GIFT_BROKEN)[1].problem


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"<quiz><question", "x.xml"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><quiz>&a;</quiz>', "bomb.xml"),
        (b"<html></html>", "page.xml"),
        (b"\xff\xfe\x00", "bank.gift"),
        (b"", "bank.gift"),
        (b"{T}", "bank.pdf"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason_and_nothing_imported(category, content, filename):
    with pytest.raises(AssessmentError) as refused:
        questions_import(content=content, filename=filename, category=category, by=None)
    assert refused.value.message
    assert not Question.objects.exists()


def test_export_to_moodle_xml_imports_back_the_same_questions(category):
    source = QuestionCategory.objects.create(name="المصدر")
    originals = bank(source)
    exported = questions_export(category=source)
    report = questions_import(content=exported, filename="export.xml", category=category, by=None)
    assert report.imported == len(originals)
    again = {
        q.current.kind: q.current
        for q in Question.objects.filter(category__name="المصدر", category__parent=category)
    }
    for kind, question in originals.items():
        assert again[kind].text == question.current.text
        assert meaningful(again[kind].data) == meaningful(question.current.data), kind


def meaningful(value):
    """The data without empty feedback and false flags, which the formats write out explicitly."""
    if isinstance(value, dict):
        return {k: meaningful(v) for k, v in value.items() if v not in ("", False, None)}
    if isinstance(value, list):
        return [meaningful(v) for v in value]
    return value
