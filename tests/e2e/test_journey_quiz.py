"""Acceptance 2: a trainee on a 360-px phone, in Arabic, takes a timed, randomised quiz; the
connection drops mid-way (Playwright offline mode) and two questions are answered offline; it
returns, the trainee finishes: every answer was kept, the score is right, and a second browser
cannot submit the same attempt again."""

import json
import re

from playwright.sync_api import Page, expect

from certification.assessment.attempts.models import Attempt, AttemptQuestion
from certification.assessment.bank.models import QuestionCategory
from certification.assessment.bank.services import question_create
from certification.assessment.quizzes.services import quiz_random_add
from tests.certification.factories import EVERY_KIND, quiz_with
from tests.e2e.conftest import CHROMIUM_ARGS, PHONE, TIMEOUT_MS  # noqa: F401
from tests.e2e.pages import check_phone_page, expect_language, sign_in
from tests.e2e.test_journey_player import wait_for
from tests.lms.factories import PASSWORD

KINDS = ["single", "true_false", "short", "numeric", "matching", "cloze"]


def timed_random_quiz():
    category = QuestionCategory.objects.create(name="تخطيط المشاريع")
    for kind, text, data, _right in EVERY_KIND:
        if kind in KINDS:
            question_create(category=category, kind=kind, text=text, data=data)
    quiz, trainee = quiz_with(
        time_limit_minutes=15, shuffle_questions=True, shuffle_choices=True, layout="one"
    )
    quiz_random_add(quiz=quiz, category=category, count=len(KINDS))
    return quiz, trainee


def answer(page: Page, held: AttemptQuestion, *, right: bool = True) -> None:
    """Answer the question on screen the way a person would, right or (for one) wrong."""
    version, position = held.version, held.position
    data = version.data
    question = page.locator(f"fieldset[data-position='{position}']")
    expect(question).to_be_visible()
    if version.kind == "single":
        choice = next(c["id"] for c in data["choices"] if (c["fraction"] >= 1) == right)
        question.locator(f"input[value='{choice}']").check()
    elif version.kind == "true_false":
        question.locator(f"input[value='{'true' if data['answer'] == right else 'false'}']").check()
    elif version.kind in ("short", "numeric"):
        given = data["answers"][0]["text"] if version.kind == "short" else "٤"  # Arabic-Indic four
        question.locator("input[type=text]").fill(given if right else "لا أعرف")
        question.locator("input[type=text]").press("Tab")
    elif version.kind == "matching":
        answers = [pair["answer"] for pair in data["pairs"]]
        for n, pair in enumerate(data["pairs"]):
            chosen = pair["answer"] if right else answers[(n + 1) % len(answers)]
            question.locator(f"select[name='q{position}.{pair['id']}']").select_option(chosen)
    elif version.kind == "cloze":
        for blank in data["blanks"]:
            question.locator(f"input[name='q{position}.{blank['id']}']").fill(
                blank["answers"][-1] if right else "خطأ"
            )
        question.locator("input.blank").last.press("Tab")


def outbox(page: Page) -> list[dict]:
    raw = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('tadrib.quiz.')).map(k => localStorage.getItem(k))"
    )
    return [entry for value in raw for entry in json.loads(value)]


def kept(attempt: Attempt) -> set[int]:
    return {q.position for q in AttemptQuestion.objects.filter(attempt=attempt, response__isnull=False)}


def test_timed_random_quiz_on_a_phone_survives_going_offline(
    phone_page: Page, browser, live_server, screenshot
):
    quiz, trainee = timed_random_quiz()
    page = phone_page
    page.goto("/account/sign-in/")
    sign_in(page, trainee.email, PASSWORD)
    page.goto(f"/assessment/activity/{quiz.activity_id}/")
    expect_language(page, "ar", "rtl")
    check_phone_page(page)
    screenshot(page, "quiz")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/assessment/attempt/\d+/"))
    attempt = Attempt.objects.get(user=trainee)
    held = {q.position: q for q in AttemptQuestion.objects.filter(attempt=attempt).select_related("version")}
    assert sorted(q.version.kind for q in held.values()) == sorted(KINDS)
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    check_phone_page(page)

    # Another device of the same trainee opens the attempt's summary now, to submit it later.
    other = browser.new_context(base_url=live_server.url, **PHONE)
    second = other.new_page()
    second.goto("/account/sign-in/")
    sign_in(second, trainee.email, PASSWORD)
    second.goto(f"/assessment/attempt/{attempt.pk}/submit/")
    expect(second.locator("#submit-attempt")).to_be_visible()

    wrong = 5  # the last question is answered wrong: 5 of 6 right
    for position in (1, 2):
        answer(page, held[position])
        page.locator("button.next").click()
    # Sent and answered: the server keeps them and this page has heard so (an answer cut off by
    # going offline would leave its copy queued, to be sent again).
    wait_for(lambda: (kept(attempt) >= {1, 2} and not outbox(page)) or None, page=page)

    page.context.set_offline(True)
    for position in (3, 4):
        answer(page, held[position])
        page.locator("button.next").click()
    expect(page.locator("#outbox-state")).to_have_attribute("data-state", "offline")
    assert sorted(entry["position"] for entry in outbox(page)) == [3, 4]
    assert kept(attempt) == {1, 2}
    screenshot(page, "offline")

    page.context.set_offline(False)
    wait_for(lambda: kept(attempt) >= {1, 2, 3, 4} or None, page=page)
    expect(page.locator("#outbox-state")).to_have_attribute("data-state", "saved")
    assert outbox(page) == []
    for position in (5, 6):
        answer(page, held[position], right=position != wrong)
        if position < 6:
            page.locator("button.next").click()
    wait_for(lambda: kept(attempt) == set(range(1, 7)) or None, page=page)
    screenshot(page, "last-question")

    page.locator("button.finish").click()
    page.wait_for_url(re.compile(r"/submit/$"))
    check_phone_page(page)
    page.locator("#submit-attempt").click()
    page.wait_for_url(re.compile(r"/review/$"))
    expect(page.locator("#attempt-result")).to_contain_text(re.compile(r"83[.,٫]33"))
    check_phone_page(page)
    screenshot(page, "result")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert str(attempt.score) == "83.33"
    for position, question in held.items():
        question.refresh_from_db()
        assert question.fraction == (0 if position == wrong else 1), (position, question.version.kind)

    second.locator("#submit-attempt").click()
    expect(second.locator("main .notice")).to_have_text("سبق تسليم هذه المحاولة.")
    screenshot(second, "second-browser")
    assert attempt.transitions.filter(to_state=Attempt.State.SUBMITTED).count() == 1
    other.close()
