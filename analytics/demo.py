"""The reports' demo: targets for the demo programme (overall and per governorate, this year and
last) and the fact table rebuilt from everything the lower apps' demos created."""

import random

from django.utils import timezone

from analytics.records.models import Target
from analytics.records.services import records_rebuild
from courses import api as courses_api
from lms import api as lms_api


def load() -> list[str]:
    programmes = list(courses_api.programme_names())
    if programmes and not Target.objects.exists():
        rng = random.Random(7)  # noqa: S311 — a repeatable demo, not a secret
        year = timezone.localdate().year
        for y in (year - 1, year):
            Target.objects.create(programme_id=programmes[0], year=y, governorate=None, people=2500)
            for place in lms_api.governorates():
                Target.objects.create(
                    programme_id=programmes[0], year=y, governorate_id=place.id, people=rng.randrange(60, 200)
                )
    written = records_rebuild()
    return [f"reports: {written} training records; sign in as the centre director and open Reports"]
