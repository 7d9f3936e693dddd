"""Assessment's xAPI statements: each answer kept, each attempt's result.

Recorded through ``content.api.statement_record`` inside the transaction that writes the fact, so
the LRS holds a statement exactly when the database holds the answer or the grade.
"""

import uuid
from decimal import Decimal

from django.conf import settings

from content.api import statement_record

VERBS = {
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "short": "fill-in",
    "numeric": "numeric",
    "matching": "matching",
    "ordering": "sequencing",
    "cloze": "fill-in",
    "essay": "long-fill-in",
}


def _site(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/assessment/{path}"


def _actor(user) -> dict:
    # The same agent as content's statements: an account on the site, never an e-mail address.
    return {
        "objectType": "Agent",
        "name": getattr(user, "full_name_latin", "") or getattr(user, "full_name_ar", "") or str(user.pk),
        "account": {"homePage": settings.SITE_URL, "name": str(user.pk)},
    }


def _context(attempt) -> dict:
    return {
        "registration": str(attempt.registration),
        "contextActivities": {"parent": [{"id": _site(f"activity/{attempt.quiz.activity_id}/")}]},
    }


def answer_statement(attempt, question) -> None:
    """The answer as given, for one question of an attempt (one statement per answer kept)."""
    response = "[,]".join(
        f"{key}={value}" if key else value
        for key, values in sorted((question.response or {}).items())
        for value in values
    )
    statement_record(
        statement={
            "id": str(uuid.uuid5(attempt.registration, f"answer-{question.position}-{question.sequence}")),
            "actor": _actor(attempt.user),
            "verb": {"id": VERBS["answered"], "display": {"en-US": "answered"}},
            "object": {
                "objectType": "Activity",
                "id": _site(f"question/{question.version.question_id}/"),
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "interactionType": INTERACTION_TYPES[question.version.kind],
                },
            },
            "result": {"response": response[:4000]},
            "context": _context(attempt),
            "timestamp": question.answered_at.isoformat(),
        }
    )


def result_statement(attempt, *, passed: bool, revision: int) -> None:
    """The attempt's result; a regrade or override is a new statement (``revision``)."""
    scaled = (attempt.score or Decimal(0)) / 100
    verb = "passed" if passed else "failed"
    statement_record(
        statement={
            "id": str(uuid.uuid5(attempt.registration, f"result-{revision}")),
            "actor": _actor(attempt.user),
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": {
                "objectType": "Activity",
                "id": _site(f"activity/{attempt.quiz.activity_id}/"),
                "definition": {"type": "http://adlnet.gov/expapi/activities/assessment"},
            },
            "result": {
                "score": {
                    "scaled": float(round(scaled, 4)),
                    "raw": float(attempt.marks or 0),
                    "min": 0,
                    "max": float(attempt.max_marks),
                },
                "success": passed,
                "completion": True,
            },
            "context": {"registration": str(attempt.registration)},
            "timestamp": (attempt.graded_at or attempt.submitted_at).isoformat(),
        }
    )
