"""Demo trainees who have already played the demo lessons, so instructors find attempts to read.

A few demo trainees who may open each lesson play it through the same services as the player:
the SCORM lesson gets commits with answers (interactions), the cmi5 course gets an AU session
whose statements go through the LRS with the session's token. Some pass, some fail, one stops
half-way. Loading twice adds nothing.
"""

import uuid

from django.contrib.auth import get_user_model

from content.lrs.auth import authenticate
from content.lrs.services import statements_store
from content.packages.models import ContentPackage
from courses import api as courses_api

from .runtime.models import Attempt
from .runtime.services import actor_for, attempt_open, runtime_commit
from .runtime.xapi import xapi_launch

DEMO_DOMAIN = "@demo.tadrib.iq"
# The account the README offers for trying the site as a trainee finds the lessons unplayed.
TRY_IT_YOURSELF = "trainee@demo.tadrib.iq"
# (score, status) of each demo trainee's play, in turn.
OUTCOMES = [(100, "completed"), (60, "completed"), (40, "incomplete")]
VERBS = "http://adlnet.gov/expapi/verbs/"


def _learners(package: ContentPackage) -> list:
    users = (
        get_user_model()
        .objects.filter(email__endswith=DEMO_DOMAIN)
        .exclude(email=TRY_IT_YOURSELF)
        .order_by("pk")
    )
    may_open = (
        user
        for user in users
        if courses_api.activity_locked_reason(user_id=user.pk, activity_id=package.activity_id) is None
    )
    return [user for user, _outcome in zip(may_open, OUTCOMES, strict=False)]


def _play_scorm12(attempt: Attempt, score: int, status: str) -> None:
    item = attempt.version.items.filter(is_launchable=True).first()
    answer = "pilot" if score >= 80 else "all"
    runtime_commit(
        attempt=attempt,
        sequence=1,
        session=1,
        item_identifier=item.identifier,
        is_terminate=True,
        cmi={
            "cmi.core.lesson_status": status,
            "cmi.core.score.raw": str(score),
            "cmi.core.session_time": "00:12:30",
            "cmi.interactions.0.id": "first-step",
            "cmi.interactions.0.type": "choice",
            "cmi.interactions.0.student_response": answer,
            "cmi.interactions.0.correct_responses.0.pattern": "pilot",
            "cmi.interactions.0.result": "correct" if answer == "pilot" else "wrong",
            "cmi.interactions.0.latency": "0000:00:21",
        },
    )


def _play_cmi5(attempt: Attempt, score: int, status: str) -> None:
    """A finished trainee plays every AU in course order (so blocks, then the course, are satisfied);
    the others opened the first one only."""
    aus = list(attempt.version.items.filter(is_launchable=True).order_by("position"))
    for item in aus if status == "completed" else aus[:1]:
        _play_au(attempt, item, score, status)


def _play_au(attempt: Attempt, item, score: int, status: str) -> None:
    launch = xapi_launch(attempt=attempt, item=item, launch_url=item.launch_url)
    credential = authenticate(f"Basic {launch.token}")
    context = {
        "registration": str(attempt.registration),
        "contextActivities": {"grouping": [{"id": item.identifier}]},
        "extensions": {
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid": str(launch.session.session_id)
        },
    }

    def said(verb: str, **result) -> dict:
        statement = {
            "id": str(uuid.uuid4()),
            "actor": actor_for(attempt.user),
            "verb": {"id": VERBS + verb, "display": {"en-US": verb}},
            "object": {"objectType": "Activity", "id": launch.activity_id},
            "context": context,
        }
        return {**statement, "result": result} if result else statement

    statements = [said("initialized")]
    if status == "completed":
        statements.append(said("completed", completion=True, duration="PT9M"))
        mastery = (item.data or {}).get("masteryScore")
        if mastery is not None:
            passed = score / 100 >= float(mastery)
            statements.append(
                said("passed" if passed else "failed", success=passed, score={"scaled": score / 100})
            )
        statements.append(said("terminated", duration="PT9M"))
    statements_store(statements=statements, credential=credential)


PLAYERS = {"scorm12": _play_scorm12, "cmi5": _play_cmi5}


def load() -> list[str]:
    lines: list[str] = []
    for package in ContentPackage.objects.filter(activity__isnull=False, kind__in=PLAYERS).order_by("pk"):
        if Attempt.objects.filter(version__package=package).exists():
            continue
        learners = _learners(package)
        for user, (score, status) in zip(learners, OUTCOMES, strict=False):
            attempt = attempt_open(user=user, activity=package.activity)
            PLAYERS[package.kind](attempt, score, status)
        if learners:
            lines.append(f"content demo: «{package.title}» played by {len(learners)} demo trainees")
    return lines
