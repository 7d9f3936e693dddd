"""What the content app registers at start: the sweep of the LRS's forwarding outbox in beat."""

from content.apps import FORWARD_SWEEP_SECONDS
from lms.celery import app


def test_beat_sweeps_the_forwarding_outbox_every_minute():
    entries = [
        entry for entry in app.conf.beat_schedule.values() if entry["task"] == "content.lrs_forward_sweep"
    ]
    assert entries == [{"task": "content.lrs_forward_sweep", "schedule": FORWARD_SWEEP_SECONDS}]


def test_every_task_beat_names_exists():
    """A misspelt name in a schedule fails silently in beat, once a minute, in production."""
    app.loader.import_default_modules()
    missing = {
        name: entry["task"]
        for name, entry in app.conf.beat_schedule.items()
        if entry["task"] not in app.tasks
    }
    assert missing == {}
