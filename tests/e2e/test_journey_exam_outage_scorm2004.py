"""An exam-time shutdown in a SCORM 2004 lesson (ADR 0025): after two hours offline, past the launch
token's life, the trainee moves on to the next part without a reload. The LMS page renews the token
with the trainee's session and hands it to the player frame, whether its outbox meets the dead
token first or the frame's navigation does; every commit is stored once, in order, the closing one
too. A renewal refused (the session is gone) keeps the commits queued and says so."""

from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Frame, Page, expect

from content.lrs.models import LaunchToken
from content.runtime.models import Attempt, RuntimeCommit
from tests.content import sequenced_courses as courses
from tests.e2e.pages import tap
from tests.e2e.test_journey_exam_outage import OUTAGE
from tests.e2e.test_journey_player import content_origin, open_player, trainee_with, wait_for  # noqa: F401
from tests.e2e.test_journey_player_offline import queued
from tests.e2e.test_journey_player_sequencing import finish_part, sco_of

# What a SCO does as the trainee works through it: a location, then a commit.
SAVE = """(location) => {
  const api = window.parent.API_1484_11;
  if (!api.isInitialized()) api.Initialize("");
  api.SetValue("cmi.location", location);
  return api.Commit("");
}"""
# Only the outbox's endpoint on the LMS origin: the frame's own requests go to /play/c/api/.
OUTBOX_COMMITS = "**/play/api/commit/"


def stored(trainee) -> list[tuple[int, str, str, bool]]:
    """The commits the server holds, in order: (sequence, part, location, terminate)."""
    commits = RuntimeCommit.objects.filter(attempt__user=trainee).order_by("sequence")
    return [(c.sequence, c.item_identifier, c.cmi.get("cmi.location", ""), c.is_terminate) for c in commits]


def in_order(trainee) -> list[tuple[str, str, bool]]:
    """What was stored, each commit once and numbered without a gap (none lost), with the player's
    own repeats of an unchanged part (its 3-second save) folded into one."""
    commits = stored(trainee)
    assert [sequence for sequence, *_rest in commits] == list(range(1, len(commits) + 1)), commits
    kept = [tuple(rest) for _sequence, *rest in commits]
    return [commit for n, commit in enumerate(kept) if n == 0 or kept[n - 1] != commit]


def outage(page: Page, trainee, hours: str = "02:00:00") -> None:
    """Two hours pass offline; the lesson's launch tokens run out meanwhile."""
    page.context.set_offline(True)
    page.clock.fast_forward(hours)
    registration = Attempt.objects.get(user=trainee).registration
    LaunchToken.objects.filter(registration=registration).update(expires_at=timezone.now() - OUTAGE / 2)


def started(page: Page, trainee, activity) -> Frame:
    page.clock.install()
    open_player(page, trainee, activity)
    sco = sco_of(page, "part1")
    assert sco.evaluate(SAVE, "a1") == "true"
    wait_for(lambda: ("part1", "a1", False) in in_order(trainee), page=page)
    return sco


def test_after_two_hours_offline_next_opens_the_next_part_without_a_reload(phone_page: Page, screenshot):
    trainee, activity = trainee_with(courses.forced_sequential())
    page = phone_page
    sco = started(page, trainee, activity)
    player = page.frame_locator("#player-frame")

    # Offline, the lesson goes on in the LMS page's storage; two hours pass, the token runs out.
    page.context.set_offline(True)
    sco.evaluate(SAVE, "a2")
    sco.evaluate(SAVE, "a3")
    wait_for(lambda: [c["cmi"]["cmi.location"] for c in queued(page)][-1:] == ["a3"], page=page)
    outage(page, trainee)

    # Back online: the outbox, refused, renews the token, sends the queue and hands the token on.
    page.context.set_offline(False)
    wait_for(lambda: not queued(page) and ("part1", "a3", False) in in_order(trainee), page=page, timeout=30)
    tap(player.locator("#next"))
    part2 = sco_of(page, "part2")
    expect(player.locator("#status")).not_to_have_class("status offline")
    assert part2.evaluate(SAVE, "b1") == "true"
    screenshot(page, "next-part")

    # Closing the page: the frame's last commit goes with the fresh token, and arrives.
    page.goto("/courses/learning/")
    wait_for(lambda: ("part2", "b1", True) in in_order(trainee), page=page)
    assert in_order(trainee) == [
        ("part1", "a1", False),
        ("part1", "a2", False),
        ("part1", "a3", False),
        ("part1", "a3", True),  # ended by Next, sent with the navigation and by the outbox: once
        ("part2", "b1", False),
        ("part2", "b1", True),  # the closing commit, sent by the frame itself
    ]
    assert Attempt.objects.get(user=trainee).sequencing["current"] == "part2"
    assert (
        LaunchToken.objects.filter(registration=Attempt.objects.get(user=trainee).registration).count() == 2
    )
    sent = len(stored(trainee))
    print(
        f"\nSCORM 2004, two hours offline, Next: sent {sent} commits, accepted {sent}, lost 0, duplicates 0"
    )


def test_a_part_ending_itself_first_after_the_outage_has_the_frame_ask_for_the_token(phone_page: Page):
    trainee, activity = trainee_with(courses.forced_sequential())
    page = phone_page
    sco = started(page, trainee, activity)
    outage(page, trainee)

    # The outbox's sends fail for now, so the frame's navigation is the first to meet the dead
    # token: the frame asks the LMS page, which renews it and answers.
    page.route(OUTBOX_COMMITS, lambda route: route.abort())
    page.context.set_offline(False)
    finish_part(sco, {"cmi.completion_status": "completed", "cmi.location": "a2"})
    sco_of(page, "part2")
    page.unroute(OUTBOX_COMMITS)
    wait_for(lambda: not queued(page), page=page, timeout=30)
    assert in_order(trainee) == [("part1", "a1", False), ("part1", "a2", True)]
    assert Attempt.objects.get(user=trainee).sequencing["current"] == "part2"
    sent = len(stored(trainee))
    print(f"\nSCORM 2004, the frame renews first: sent {sent} commits, accepted {sent}, lost 0, duplicates 0")


def test_a_renewal_refused_because_the_session_is_gone_keeps_the_commits_queued(phone_page: Page, screenshot):
    trainee, activity = trainee_with(courses.forced_sequential())
    page = phone_page
    started(page, trainee, activity)
    outage(page, trainee)
    Session.objects.all().delete()  # signed out meanwhile (on another device, or expired)

    page.context.set_offline(False)
    player = page.frame_locator("#player-frame")
    tap(player.locator("#next"))
    expect(player.locator("#status")).to_have_text(
        "افتح الدرس مجددًا لتتابع (وسجّل الدخول أولًا إن طُلب منك). تقدّمك محفوظ على هذا الجهاز."
    )
    screenshot(page, "signed-out")
    # The part's last commit waits in the LMS page's storage for the next opening; nothing else moved.
    wait_for(lambda: [(c["item"], c["terminate"]) for c in queued(page)][-1:] == [("part1", True)], page=page)
    assert in_order(trainee) == [("part1", "a1", False)]
    assert Attempt.objects.get(user=trainee).sequencing["current"] == "part1"


def test_past_the_tokens_life_the_page_renews_it_on_return_so_the_closing_commit_arrives(phone_page: Page):
    trainee, activity = trainee_with(courses.forced_sequential())
    page = phone_page
    started(page, trainee, activity)
    registration = Attempt.objects.get(user=trainee).registration
    # Longer than the token's life (4 h): nothing is queued and nothing navigates afterwards, yet
    # the LMS page renews the token as soon as it is back online, and hands it to the frame.
    outage(page, trainee, hours="04:00:00")
    page.context.set_offline(False)
    wait_for(lambda: LaunchToken.objects.filter(registration=registration).count() == 2, page=page)

    # The old token is dead: the frame's closing commit arrives only if it holds the fresh one.
    page.goto("/courses/learning/")
    wait_for(lambda: ("part1", "a1", True) in in_order(trainee), page=page)
    assert in_order(trainee) == [("part1", "a1", False), ("part1", "a1", True)]
