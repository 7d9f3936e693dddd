"""An exam-time shutdown (issue 15): the trainees' network is cut for two hours mid-lesson and
mid-quiz, then comes back. The browser's clock jumps two hours (Playwright's clock); on the server,
what two hours end is ended by hand — the lesson's launch token, the quiz's time limit — and beat's
sweep runs. Every SCORM commit and every answer given in time arrives, in order (ADR 0025)."""

import datetime
import re

from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from certification.assessment.attempts.models import Attempt as QuizAttempt
from certification.assessment.attempts.models import AttemptQuestion
from certification.assessment.attempts.services import attempts_overdue_settle
from certification.assessment.bank.models import QuestionCategory
from certification.assessment.bank.services import question_create
from content.lrs.models import LaunchToken
from content.runtime.models import Attempt
from tests.certification.factories import quiz_with
from tests.e2e.pages import sign_in
from tests.e2e.test_journey_player import content_origin, open_player, trainee_with, wait_for  # noqa: F401
from tests.e2e.test_journey_player_offline import held, package, queued, sco_of
from tests.lms.factories import PASSWORD

OUTAGE = datetime.timedelta(hours=2)


def expect_queued(page: Page, locations: list[str]) -> list[int]:
    """Wait until the outbox holds commits of these locations, in this order (the player may add
    commits of its own with the same location); return their sequences."""
    seen: list = []

    def holds() -> list[int] | None:
        seen[:] = [(c["sequence"], c["cmi"].get("cmi.core.lesson_location")) for c in queued(page)]
        distinct = [location for n, (_s, location) in enumerate(seen) if n == 0 or seen[n - 1][1] != location]
        return [sequence for sequence, _location in seen] if distinct == locations else None

    try:
        return wait_for(holds)
    except AssertionError:
        raise AssertionError(f"the outbox holds {seen}, not {locations}") from None


def test_a_lesson_left_offline_for_two_hours_sends_every_commit_in_order_on_a_fresh_token(phone_page: Page):
    trainee, activity = trainee_with(package())
    page = phone_page
    page.clock.install()
    open_player(page, trainee, activity)
    sco = sco_of(page)
    sco.evaluate("save('p1')")
    wait_for(lambda: held(trainee)[1].get("cmi.core.lesson_location") == "p1")

    # The network goes; the lesson goes on, its commits kept in the LMS page's storage.
    page.context.set_offline(True)
    sco.evaluate("save('p2')")
    sco.evaluate("save('p3')")
    expect_queued(page, ["p2", "p3"])

    # Two hours pass. The lesson's launch token has run out meanwhile (a lesson opened more than
    # its lifetime before the network returns), and the trainee goes on working.
    page.clock.fast_forward("02:00:00")
    registration = Attempt.objects.get(user=trainee).registration
    LaunchToken.objects.filter(registration=registration).update(expires_at=timezone.now())
    sco.evaluate("save('p4')")
    pending = expect_queued(page, ["p2", "p3", "p4"])
    assert held(trainee)[0] == [1]

    # The network returns: the outbox, refused with the old token, gets a fresh one for the same
    # attempt and sends everything, in order.
    page.context.set_offline(False)
    wait_for(lambda: set(pending) <= set(held(trainee)[0]) and not queued(page), timeout=30)
    sequences, cmi = held(trainee)
    assert sequences == list(range(1, len(sequences) + 1))
    assert cmi["cmi.core.lesson_location"] == "p4" and cmi["cmi.suspend_data"] == "seen:p4"
    assert LaunchToken.objects.filter(registration=registration).count() == 2
    sent = 1 + len(pending)
    print(f"\nSCORM lesson, two hours offline: sent {sent} commits, accepted {sent}, lost 0, duplicates 0")


def true_false_quiz():
    category = QuestionCategory.objects.create(name="الحكومة الإلكترونية")
    questions = [
        question_create(
            category=category, kind="true_false", text=f"العبارة رقم {n} صحيحة.", data={"answer": True}
        )
        for n in range(1, 5)
    ]
    return quiz_with(questions, time_limit_minutes=60, layout="one")


def answer(page: Page, position: int, value: str) -> None:
    question = page.locator(f"fieldset[data-position='{position}']")
    expect(question).to_be_visible()
    question.locator(f"input[value='{value}']").check()
    if position < 4:
        page.locator("button.next").click()


def outbox(page: Page) -> list[dict]:
    return page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('tadrib.quiz.'))"
        ".flatMap(k => JSON.parse(localStorage.getItem(k)))"
    )


def kept(attempt: QuizAttempt) -> list[int]:
    """The positions answered, in the order the answers were given."""
    answered = AttemptQuestion.objects.filter(attempt=attempt, response__isnull=False)
    return list(answered.order_by("answered_at").values_list("position", flat=True))


def test_answers_given_before_the_time_limit_count_though_they_arrive_two_hours_late(phone_page: Page):
    quiz, trainee = true_false_quiz()
    page = phone_page
    page.clock.install()
    page.goto("/account/sign-in/")
    sign_in(page, trainee.email, PASSWORD)
    page.goto(f"/assessment/activity/{quiz.activity_id}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/assessment/attempt/\d+/"))
    attempt = QuizAttempt.objects.get(user=trainee)
    answer(page, 1, "true")
    wait_for(lambda: kept(attempt) == [1], page=page)

    # Offline, two more answers in the hour the quiz allows: they wait on the phone.
    page.context.set_offline(True)
    answer(page, 2, "true")
    answer(page, 3, "false")
    expect(page.locator("#outbox-state")).to_have_attribute("data-state", "offline")

    # Two hours pass: the countdown ends on the phone, the deadline passes on the server (moved
    # two hours back), and beat's sweep runs — it leaves the attempt open for answers on their way.
    page.clock.fast_forward("02:00:00")
    expect(page.locator("#countdown")).to_have_text("0:00")
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=F("started_at") - OUTAGE, deadline=F("deadline") - OUTAGE
    )
    AttemptQuestion.objects.filter(attempt=attempt, answered_at__isnull=False).update(
        answered_at=F("answered_at") - OUTAGE
    )
    assert attempts_overdue_settle() == 0
    # An answer given after the time ran out: it does not count.
    answer(page, 4, "true")

    page.context.set_offline(False)
    wait_for(lambda: kept(attempt) == [1, 2, 3] and not outbox(page), page=page, timeout=30)
    # The late answer, judged when it was given, settled the attempt: submitted with the three.
    wait_for(lambda: QuizAttempt.objects.get(pk=attempt.pk).state == QuizAttempt.State.GRADED, page=page)
    attempt.refresh_from_db()
    questions = {q.position: q for q in AttemptQuestion.objects.filter(attempt=attempt)}
    assert all(questions[p].answered_at <= attempt.deadline for p in (1, 2, 3))
    assert questions[4].response is None
    assert str(attempt.score) == "50.00"  # two of four right: 1 and 2; 3 was answered wrong
    print("\nquiz, two hours offline: 3 answers given in time sent, accepted 3, lost 0, duplicates 0")
