"""``enrolment_invite_many`` writes exactly what one ``enrolment_invite`` per person would."""

import datetime

import pytest
from django.utils import timezone

from courses.enrolment import services
from courses.models import Enrolment
from lms.people.roles import Role
from tests.courses.factories import CohortFactory
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def history(cohort) -> list[tuple]:
    """Each enrolment in order: its state and its recorded steps (without ids and times)."""
    return [
        (e.state, [(t.from_state, t.to_state, t.by_id, t.reason) for t in e.transitions.all()])
        for e in cohort.enrolments.order_by("requested_at", "pk")
    ]


@pytest.mark.parametrize("starts_in_days", [7, 0])
def test_one_by_one_and_all_at_once_leave_the_same_records(starts_in_days, monkeypatch):
    notices = []
    monkeypatch.setattr(services.enrolment_notify, "delay", lambda **kwargs: notices.append(kwargs["state"]))
    staff = UserFactory(role=Role.PROGRAMME_MANAGER)
    starts_on = timezone.localdate() + datetime.timedelta(days=starts_in_days)
    one_by_one, at_once = (CohortFactory(capacity=3, starts_on=starts_on) for _ in range(2))
    for cohort in (one_by_one, at_once):
        services.enrolment_invite(user=UserFactory(), cohort=cohort, by=staff)
    people = [UserFactory() for _ in range(4)]

    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            for person in people:
                services.enrolment_invite(user=person, cohort=one_by_one, by=staff, reason="قائمة")
        told_one_by_one, notices[:] = list(notices), []
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.enrolment_invite_many(users=people, cohort=at_once, by=staff, reason="قائمة")

    assert history(at_once) == history(one_by_one)
    assert notices == told_one_by_one
    states = [state for state, _ in history(at_once)]
    expected = Enrolment.State.ACTIVE if starts_in_days == 0 else Enrolment.State.APPROVED
    assert states == [expected, expected, expected, Enrolment.State.WAITLISTED, Enrolment.State.WAITLISTED]
