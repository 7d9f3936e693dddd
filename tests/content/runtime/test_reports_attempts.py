"""What the attempt pages read from the runtime data and the LRS, independent of the admin."""

import datetime
import uuid

from django.utils import timezone

from content.lrs.models import Statement
from content.runtime.reports import duration_hm, interactions_from, runtime_rows, statement_row


def test_scorm_2004_interactions_are_read_with_their_lists_in_order():
    cmi = {
        "cmi.interactions._count": "11",
        "cmi.interactions.10.id": "q11",
        "cmi.interactions.2.id": "q3",
        "cmi.interactions.2.type": "matching",
        "cmi.interactions.2.learner_response": "1[.]a[,]2[.]b",
        "cmi.interactions.2.result": "incorrect",
        "cmi.interactions.2.correct_responses.1.pattern": "1[.]b[,]2[.]a",
        "cmi.interactions.2.correct_responses.0.pattern": "1[.]a[,]2[.]b",
        "cmi.interactions.2.objectives.0.id": "obj-1",
        "cmi.interactions.2.timestamp": "2026-03-01T10:00:00",
        "cmi.interactions.2.latency": "PT1M5S",
        "cmi.interactions.2.description": "طابق المفاهيم",
        "cmi.interactions.2.weighting": "2",
    }
    first, second = interactions_from(cmi)
    assert (first.index, first.id, second.index, second.id) == (2, "q3", 10, "q11")
    assert first.response == "1[.]a[,]2[.]b"
    assert first.correct_responses == ("1[.]a[,]2[.]b", "1[.]b[,]2[.]a")
    assert first.objectives == ("obj-1",)
    assert (first.time, first.latency_seconds, first.description) == (
        "2026-03-01T10:00:00",
        65,
        "طابق المفاهيم",
    )
    assert second.latency_seconds is None and second.response == ""


def test_runtime_rows_leave_the_interactions_out_and_sort_naturally():
    rows = runtime_rows(
        {
            "cmi.objectives.10.id": "k",
            "cmi.objectives.2.id": "c",
            "cmi.interactions.0.id": "q",
            "cmi.core.lesson_status": "incomplete",
        }
    )
    assert [key for key, _ in rows] == [
        "cmi.core.lesson_status",
        "cmi.objectives.2.id",
        "cmi.objectives.10.id",
    ]


def test_time_spent_reads_as_hours_and_minutes():
    assert [duration_hm(s) for s in (0, 59, 65 * 60, 10 * 3600 + 7 * 60 + 30, None)] == [
        "0:00",
        "0:00",
        "1:05",
        "10:07",
        "0:00",
    ]


def test_a_statement_without_display_or_scaled_score_still_reads(db):
    now = timezone.now()
    statement = Statement(
        statement_id=uuid.uuid4(),
        data={
            "verb": {"id": "http://adlnet.gov/expapi/verbs/scored"},
            "object": {"id": "https://tadrib.example/q1", "definition": {"name": {"fr": "Question"}}},
            "result": {"score": {"raw": 15, "min": 0, "max": 20}, "success": "yes"},
        },
        stored=now,
        timestamp=now - datetime.timedelta(minutes=1),
        verb_id="http://adlnet.gov/expapi/verbs/scored",
        object_activity_id="https://tadrib.example/q1",
    )
    row = statement_row(statement)
    assert (row.verb, row.object_name, row.score) == ("scored", "Question", 75.0)
    assert row.success is None and row.completion is None  # not booleans: not shown as results
