"""The assessment demo: a question bank for the five e-governance modules, each course's pre-test,
module quiz and final test (post-test) as real quizzes, and demo trainees' attempts — answered,
submitted, graded (essays by rubric, one left in the grading queue) — so that instructors find
item analysis and learning gain to read. Loading twice adds nothing.
"""

from courses import api as courses_api
from lms import api as lms_api

from .attempts.models import Attempt
from .attempts.services import answer_save, attempt_start, attempt_submit
from .bank.models import QuestionCategory
from .bank.services import question_create
from .demo_bank import BANK
from .errors import AssessmentError
from .grading.services import essay_grade
from .quizzes.models import Quiz
from .quizzes.services import quiz_create, quiz_question_add, quiz_random_add

DEMO_DOMAIN = "@demo.tadrib.iq"
DEMO_INSTRUCTOR = "instructor@demo.tadrib.iq"
# The README's trainee account finds the quizzes untouched, to try them.
TRY_IT_YOURSELF = "trainee@demo.tadrib.iq"
TRAINEES_PER_COURSE = 6

# Activity titles of the demo catalogue (courses/demo_catalogue.py) → quiz settings.
QUIZZES = {
    "اختبار قبلي": {"purpose": Quiz.Purpose.PRE_TEST, "time_limit_minutes": 20, "shuffle_questions": True},
    "اختبار الوحدة": {"purpose": Quiz.Purpose.GRADED, "attempts_allowed": 3, "layout": Quiz.Layout.ALL},
    "الاختبار النهائي": {
        "purpose": Quiz.Purpose.POST_TEST,
        "time_limit_minutes": 30,
        "shuffle_questions": True,
        "pass_mark": 60,
    },
}


def _bank() -> dict[str, QuestionCategory]:
    categories = {}
    for slug, (name, questions) in BANK.items():
        category, created = QuestionCategory.objects.get_or_create(name=name, parent=None)
        if created or not category.questions.exists():
            for kind, text, data in questions:
                question_create(category=category, kind=kind, text=text, data=data, tags=["demo", slug])
        categories[slug] = category
    return categories


def _right(version) -> dict[str, list[str]]:
    data = version.data
    kind = version.kind
    if kind == "single":
        return {"": [next(c["id"] for c in data["choices"] if c["fraction"] >= 1)]}
    if kind == "multiple":
        return {"": [c["id"] for c in data["choices"] if c["fraction"] > 0]}
    if kind == "true_false":
        return {"": ["true" if data["answer"] else "false"]}
    if kind == "short":
        return {"": [data["answers"][0]["text"]]}
    if kind == "numeric":
        return {"": [f"{data['answers'][0]['value']:g}"]}
    if kind == "matching":
        return {p["id"]: [p["answer"]] for p in data["pairs"]}
    if kind == "ordering":
        return {item["id"]: [str(place)] for place, item in enumerate(data["items"], start=1)}
    if kind == "cloze":
        return {b["id"]: [b["answers"][0]] for b in data["blanks"]}
    return {"": ["نبدأ بشرح الهدف للموظفين، ثم نجرب الخدمة في شعبة واحدة، ونقيس رضا المراجعين شهرياً."]}


def _wrong(version) -> dict[str, list[str]]:
    data = version.data
    kind = version.kind
    if kind in ("single", "multiple"):
        return {"": [next(c["id"] for c in data["choices"] if c["fraction"] <= 0)]}
    if kind == "true_false":
        return {"": ["false" if data["answer"] else "true"]}
    if kind == "matching":
        answers = [p["answer"] for p in data["pairs"]]
        return {p["id"]: [answers[(n + 1) % len(answers)]] for n, p in enumerate(data["pairs"])}
    if kind == "ordering":
        items = data["items"]
        return {item["id"]: [str(len(items) - place)] for place, item in enumerate(items)}
    if kind == "essay":
        return {"": ["التغيير مهم."]}
    if kind == "cloze":
        return {b["id"]: ["لا أعرف"] for b in data["blanks"]}
    return {"": ["0" if kind == "numeric" else "لا أعرف"]}


def _take(quiz: Quiz, user, *, index: int, strength: int) -> Attempt | None:
    """One attempt: question k answered right when (index + k) % 3 < strength."""
    try:
        attempt = attempt_start(user=user, quiz=quiz)
    except AssessmentError:
        return None  # not released yet for this trainee, or no attempts left
    for held in attempt.questions.select_related("version"):
        right = (index + held.position) % 3 < strength
        fields = _right(held.version) if right else _wrong(held.version)
        answer_save(attempt_id=attempt.pk, user=user, position=held.position, fields=fields, sequence=1)
    return attempt_submit(attempt_id=attempt.pk, user=user)


def _attempts(quizzes: dict[str, Quiz], instructor) -> int:
    users = [
        u
        for u in lms_api.people_by_email_domain(domain=DEMO_DOMAIN.lstrip("@"))
        if u.email not in (TRY_IT_YOURSELF, DEMO_INSTRUCTOR)
    ]
    taken = 0
    pre, post = quizzes.get("اختبار قبلي"), quizzes.get("الاختبار النهائي")
    if pre is None or Attempt.objects.filter(quiz=pre).exists():
        return 0
    learners = [
        u
        for u in users
        if courses_api.activity_locked_reason(user_id=u.pk, activity_id=pre.activity_id) is None
    ]
    for index, user in enumerate(learners[:TRAINEES_PER_COURSE]):
        attempts = [_take(pre, user, index=index, strength=1)]
        if post is not None:
            attempts.append(_take(post, user, index=index, strength=2 + (index % 2)))
        for attempt in filter(None, attempts):
            taken += 1
            # Every essay graded but the last trainee's, which waits in the grading queue.
            if index == len(learners[:TRAINEES_PER_COURSE]) - 1:
                continue
            for held in attempt.questions.filter(needs_manual=True):
                essay_grade(
                    question=held, by=instructor, points={"0": 2, "1": 1 + index % 2, "2": 1}, comment="أحسنت"
                )
    return taken


def load() -> list[str]:
    categories = _bank()
    found = lms_api.people_matching(emails=[DEMO_INSTRUCTOR.lower()])
    instructor = lms_api.person_by_id(person_id=found.get(("email", DEMO_INSTRUCTOR.lower())))
    if instructor is None:
        return []
    taken = 0
    quiz_count = 0
    for activity in courses_api.activities_in_reach(user=instructor, kind="quiz"):
        slug = activity.module.course.slug
        settings = QUIZZES.get(activity.title)
        if slug not in categories or settings is None:
            continue
        quiz = Quiz.objects.filter(activity=activity).first()
        if quiz is None:
            quiz = quiz_create(activity=activity, **settings)
            category = categories[slug]
            if quiz.purpose == Quiz.Purpose.GRADED:
                quiz_random_add(quiz=quiz, category=category, count=4)
            else:
                for question in category.questions.order_by("pk"):
                    quiz_question_add(quiz=quiz, question=question)
        quiz_count += 1
    by_course: dict[int, dict[str, Quiz]] = {}
    for quiz in Quiz.objects.select_related("activity__module"):
        by_course.setdefault(quiz.activity.module.course_id, {})[quiz.activity.title] = quiz
    for quizzes in by_course.values():
        taken += _attempts(quizzes, instructor)
    return [
        f"Assessment: {sum(c.questions.count() for c in categories.values())} questions in 5 categories, "
        f"{quiz_count} quizzes, {taken} demo attempts graded (admin: Assessment → Quizzes → Analysis)"
    ]
