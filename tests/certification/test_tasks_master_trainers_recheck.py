"""The daily re-check of master-trainer certificates: a person who completed the master-trainer
programme before delivering the rule's number of sessions gets the certificate once they have."""

import datetime

import pytest
from django.utils import timezone

from certification.credentials.models import Certificate
from certification.credentials.tasks import master_trainers_recheck_task
from tests.certification.factories import (
    IssuingRuleFactory,
    TemplateFactory,
    course_with_rule,
    trainee_completing,
)
from tests.courses.factories import CohortFactory, SessionFactory, programme_page

pytestmark = pytest.mark.django_db


def test_the_daily_recheck_certifies_a_master_trainer_once_their_sessions_are_delivered(
    django_capture_on_commit_callbacks,
):
    _rule, activity, cohort = course_with_rule()
    programme = programme_page([activity.module.course], is_master_trainer_programme=True)
    IssuingRuleFactory(course=None, programme=programme, template=TemplateFactory(), sessions_delivered=2)
    trainer, _enrolment = trainee_completing(activity, cohort, full_name_ar="حيدر كاظم")
    # Completing the programme issued nothing yet: no session delivered.
    assert not Certificate.objects.filter(user=trainer, rule__programme=programme).exists()

    taught = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=10))
    taught.instructors.add(trainer)
    SessionFactory(cohort=taught)
    assert master_trainers_recheck_task.delay().get() == 0
    # A session still to come does not count.
    SessionFactory(cohort=taught, starts_at=timezone.now() + datetime.timedelta(days=2))
    assert master_trainers_recheck_task.delay().get() == 0

    SessionFactory(cohort=taught)
    # The PDF is made on commit, as the worker would after it.
    with django_capture_on_commit_callbacks(execute=True):
        assert master_trainers_recheck_task.delay().get() == 1
    certificate = Certificate.objects.get(user=trainer, rule__programme=programme)
    assert certificate.state == Certificate.State.ISSUED
    assert certificate.facts["sessions_delivered"] == 2
    # Run again (beat fires twice, a retry): nothing more.
    assert master_trainers_recheck_task.delay().get() == 0
    assert Certificate.objects.filter(user=trainer, rule__programme=programme).count() == 1


def test_the_recheck_is_on_the_beat_schedule(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "certification.master_trainers_recheck" in schedule
