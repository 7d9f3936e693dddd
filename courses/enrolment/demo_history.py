"""Two years of cohorts delivered by the demo's trainers at the hubs (and online), with their
enrolments and outcomes, created in bulk so that `make run` stays quick and the reports have a
history to show. Idempotent: nothing is added the second time."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from courses.models import Cohort, Enrolment, ProgrammePage
from lms import api as lms_api

TITLE = "سجل"
MONTHS, COHORTS_A_MONTH = 24, 9


@transaction.atomic
def load() -> list[str]:
    programme = ProgrammePage.objects.first()
    trainers, officials = lms_api.demo_history_people()
    if programme is None or not trainers or Cohort.objects.filter(title__startswith=TITLE).exists():
        return []
    rng = random.Random(12)  # noqa: S311 — a repeatable demo, not a secret
    courses = [place.course for place in programme.programme_courses.select_related("course")]
    hubs = [hub.id for hub in lms_api.training_hubs()]
    today = timezone.localdate()
    cohorts, teachers = [], []
    for month in range(MONTHS):
        first = (today.replace(day=1) - datetime.timedelta(days=30 * (MONTHS - month))).replace(day=1)
        for _ in range(COHORTS_A_MONTH):
            starts = first + datetime.timedelta(days=rng.randrange(25))
            cohorts.append(
                Cohort(
                    course=rng.choice(courses),
                    title=f"{TITLE} {starts:%Y-%m} · {len(cohorts) + 1}",
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=rng.choice([4, 5, 10])),
                    hub_id=None if rng.random() < 0.2 else rng.choice(hubs),
                    capacity=rng.choice([20, 25, 30]),
                    enrolment_mode=Cohort.EnrolmentMode.INVITATION,
                )
            )
            teachers.append(rng.choice(trainers))
    cohorts = Cohort.objects.bulk_create(cohorts)
    through = Cohort.instructors.through
    through.objects.bulk_create(
        [through(cohort_id=c.pk, user_id=t) for c, t in zip(cohorts, teachers, strict=True)]
    )
    S = Enrolment.State
    enrolments = []
    for cohort in cohorts:
        ended = cohort.ends_on < today
        for person in rng.sample(officials, rng.randrange(12, cohort.capacity + 1)):
            roll = rng.random()
            if not ended:
                state = S.ACTIVE if cohort.starts_on <= today else S.APPROVED
            else:
                state = S.COMPLETED if roll < 0.74 else S.FAILED if roll < 0.86 else S.WITHDRAWN
            at = timezone.make_aware(datetime.datetime.combine(cohort.ends_on, datetime.time(13)))
            enrolments.append(
                Enrolment(
                    user_id=person,
                    cohort=cohort,
                    state=state,
                    requested_at=at - datetime.timedelta(days=20),
                    completed_at=at if state == S.COMPLETED else None,
                )
            )
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    return [f"history: {len(cohorts)} cohorts, {len(enrolments)} enrolments over {MONTHS} months"]
